// `blvm start`: the foreground daemon. SIGINT/SIGTERM stop every module gracefully, then exit 0.
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { createLogger, type LogFormat } from '../../log/logger.js';
import { journalOwnsFd } from '../../log/journal-stream.js';
import { startDaemon } from '../../daemon/start-daemon.js';
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
  const log = createLogger({ level: config.node.log_level, format, journal: journalOwnsFd(process.env) });
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
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await daemon.done;
  notifier?.close();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return 0;
}
