// Daemon logging: human-readable lines, JSON lines with --log-format json; under the systemd
// journal, text lines carry a syslog priority prefix instead of a timestamp.
import type { LogLevel } from '../config/types.js';

export type LogFields = Record<string, unknown>;
export type LogFormat = 'text' | 'json';

export interface Logger {
  error(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3, trace: 4 };

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  write?: (line: string) => void;
  now?: () => Date;
  /** Text lines go to the journal: `<priority>` prefix, no timestamp (journald adds its own). */
  journal?: boolean;
}

// sd-daemon(3) priority prefixes, read by journald.
const PRIORITY: Record<LogLevel, number> = { error: 3, warn: 4, info: 6, debug: 7, trace: 7 };

function formatText(time: Date | null, level: LogLevel, msg: string, fields: LogFields): string {
  const extras = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`)
    .join(' ');
  const line = `${level.toUpperCase().padEnd(5)} ${msg}${extras ? ' ' + extras : ''}`;
  return time === null ? `<${PRIORITY[level]}>${line}` : `${time.toISOString()} ${line}`;
}

export function createLogger(options: LoggerOptions, bound: LogFields = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const now = options.now ?? (() => new Date());
  const emit = (level: LogLevel, msg: string, fields: LogFields = {}): void => {
    if (RANK[level] > RANK[options.level]) return;
    const all = { ...bound, ...fields };
    const time = now();
    write(
      options.format === 'json'
        ? JSON.stringify({ time: time.toISOString(), level, msg, ...all })
        : formatText(options.journal ? null : time, level, msg, all),
    );
  };
  return {
    error: (m, f) => emit('error', m, f),
    warn: (m, f) => emit('warn', m, f),
    info: (m, f) => emit('info', m, f),
    debug: (m, f) => emit('debug', m, f),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

/** A logger that drops everything (tests and offline commands). */
export const silentLogger: Logger = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => silentLogger,
};
