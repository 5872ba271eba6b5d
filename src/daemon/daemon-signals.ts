// The foreground daemon's signals, handled from before start-up begins. Until a handler is
// installed, SIGTERM's default action ends the process at once: a stop that arrives while the
// node is still starting (systemd stopping a unit it just started, an operator's Ctrl-C) would
// otherwise kill the daemon without stopping anything it had begun.
import { formatReloadReport } from './config-reload.js';
import type { RunningDaemon } from './start-daemon.js';
import type { BlvmError } from '../errors.js';
import { errorText } from '../errors.js';
import type { Logger } from '../log/logger.js';

export class DaemonSignals {
  private daemon: RunningDaemon | null = null;
  private stopSignal: NodeJS.Signals | null = null;
  private reloadPending = false;
  private stops = 0;

  constructor(private readonly log: Logger) {
    process.on('SIGINT', this.onStop);
    process.on('SIGTERM', this.onStop);
    process.on('SIGHUP', this.onHangup);
  }

  /** The node is up: a stop or reload asked for during start-up happens now. */
  attach(daemon: RunningDaemon): void {
    this.daemon = daemon;
    if (this.stopSignal !== null) {
      this.log.info(`stopping: ${this.stopSignal} arrived during start-up`);
      void daemon.shutdown(this.stopSignal);
    } else if (this.reloadPending) this.reload(daemon);
  }

  dispose(): void {
    process.off('SIGINT', this.onStop);
    process.off('SIGTERM', this.onStop);
    process.off('SIGHUP', this.onHangup);
  }

  // The first stop signal stops the node gracefully, a second one forces it.
  private readonly onStop = (signal: NodeJS.Signals): void => {
    this.stops += 1;
    if (this.stops > 1) {
      this.log.warn(`received ${signal} again: forcing exit; module process groups are killed`);
      this.daemon?.runtime.forceKill();
      process.exit(1);
    }
    this.stopSignal = signal;
    if (this.daemon === null) {
      this.log.info(`received ${signal} during start-up: stopping as soon as the node is up (send again to force)`);
      return;
    }
    this.log.info(`received ${signal}: stopping modules in reverse dependency order (send again to force)`);
    void this.daemon.shutdown(signal);
  };

  private readonly onHangup = (): void => {
    if (this.daemon === null) {
      this.reloadPending = true;
      this.log.info('received SIGHUP during start-up: reloading the configuration once the node is up');
      return;
    }
    this.reload(this.daemon);
  };

  private reload(daemon: RunningDaemon): void {
    this.log.info('received SIGHUP: reloading the configuration');
    daemon.reload().then(
      (report) => this.log.info(formatReloadReport(report).trimEnd()),
      (error: unknown) => this.log.error('configuration not reloaded; nothing changed', { reason: errorText(error), details: (error as BlvmError).details?.join('; ') ?? '' }),
    );
  }
}
