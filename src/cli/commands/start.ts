// `blvm start`: the foreground daemon. SIGINT/SIGTERM stop every module gracefully, then exit 0;
// SIGHUP reloads the configuration.
import { parseArgs } from 'node:util';
import { BlvmError, errorText } from '../../errors.js';
import { formatReloadReport } from '../../daemon/config-reload.js';
import { openDaemonLogFile } from '../../log/daemon-log-file.js';
import { createLogger, type LogFormat, type Logger } from '../../log/logger.js';
import { journalOwnsFd } from '../../log/journal-stream.js';
import { startDaemon, type RunningDaemon } from '../../daemon/start-daemon.js';
import { systemdNotifier } from '../../daemon/systemd-notify.js';
import { statusLine } from '../../daemon/status-line.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'log-format': { type: 'string' } } });
  const format = (values['log-format'] ?? 'text') as LogFormat;
  if (format !== 'text' && format !== 'json') {
    throw new BlvmError('usage', `--log-format: expected "text" or "json", got "${values['log-format']}"`);
  }
  const config = await io.config();
  const { logs } = config;
  const rotation = { maxFileSize: logs.max_file_size, maxFiles: logs.max_files };
  const file = logs.daemon_log_file ? openDaemonLogFile(logs.daemon_log_file, rotation) : null;
  try {
    const journal = file === null && journalOwnsFd(process.env);
    const log = createLogger({ level: config.node.log_level, format, journal, ...(file ? { write: file.writeLine } : {}) });
    log.info('starting blvm', { config: config.file, pid: process.pid });
    const notifier = systemdNotifier(process.env, log);
    const daemon = await startDaemon(config, log, {
      onStopping: (reason) => notifier?.stopping(`stopping modules (${reason})`),
    }).catch((error: unknown) => {
      notifier?.close();
      throw error;
    });
    notifier?.ready(statusLine(daemon.runtime.nodeStatus()));
    notifier?.watchdog(() => statusLine(daemon.runtime.nodeStatus()));
    await runDaemon(daemon, log);
    notifier?.close();
  } finally {
    await file?.close();
  }
  return 0;
}

// Runs until the node has stopped; the first signal stops it gracefully, a second one forces it.
async function runDaemon(daemon: RunningDaemon, log: Logger): Promise<void> {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals === 1) {
      log.info(`received ${signal}: stopping modules in reverse dependency order (send again to force)`);
      void daemon.shutdown(signal);
    } else {
      log.warn(`received ${signal} again: forcing exit; module process groups are killed`);
      daemon.runtime.forceKill();
      process.exit(1);
    }
  };
  const onHangup = () => {
    log.info('received SIGHUP: reloading the configuration');
    daemon.reload().then(
      (report) => log.info(formatReloadReport(report).trimEnd()),
      (error: unknown) => log.error('configuration not reloaded; nothing changed', { reason: errorText(error), details: (error as BlvmError).details?.join('; ') ?? '' }),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onHangup);
  await daemon.done;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('SIGHUP', onHangup);
}
