// `blvm start`: the foreground daemon. SIGINT/SIGTERM stop every module gracefully, then exit 0;
// SIGHUP reloads the configuration.
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { DaemonSignals } from '../../daemon/daemon-signals.js';
import { openDaemonLogFile } from '../../log/daemon-log-file.js';
import { createLogger, type LogFormat } from '../../log/logger.js';
import { journalOwnsFd } from '../../log/journal-stream.js';
import { startDaemon } from '../../daemon/start-daemon.js';
import { systemdNotifier } from '../../daemon/systemd-notify.js';
import { statusLine } from '../../daemon/status-line.js';
import { settleSocketShape } from '../../daemon/socket-shape.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  settleSocketShape();
  const { values } = parseArgs({ args: argv, options: { 'log-format': { type: 'string' } } });
  const format = (values['log-format'] ?? 'text') as LogFormat;
  if (format !== 'text' && format !== 'json') {
    throw new BlvmError('usage', `--log-format: expected "text" or "json", got "${values['log-format']}"`);
  }
  const config = await io.config();
  const { logs } = config;
  const rotation = { maxFileSize: logs.max_file_size, maxFiles: logs.max_files };
  const file = logs.daemon_log_file ? openDaemonLogFile(logs.daemon_log_file, rotation) : null;
  let signals: DaemonSignals | undefined;
  try {
    const journal = file === null && journalOwnsFd(process.env);
    const log = createLogger({ level: config.node.log_level, format, journal, ...(file ? { write: file.writeLine } : {}) });
    signals = new DaemonSignals(log);
    log.info('starting blvm', { config: config.file, pid: process.pid });
    const notifier = await systemdNotifier(process.env, log);
    const daemon = await startDaemon(config, log, {
      onStopping: (reason) => notifier?.stopping(`stopping modules (${reason})`),
    }).catch((error: unknown) => {
      notifier?.close();
      throw error;
    });
    notifier?.ready(statusLine(daemon.runtime.nodeStatus()));
    notifier?.watchdog(() => statusLine(daemon.runtime.nodeStatus()));
    signals.attach(daemon);
    await daemon.done;
    notifier?.close();
  } finally {
    signals?.dispose();
    await file?.close();
  }
  return 0;
}
