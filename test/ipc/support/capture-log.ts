// A Logger that keeps every entry, so tests can assert that a reason was logged.
import type { LogFields, Logger } from '../../../src/log/logger.js';

export interface LogEntry {
  level: 'error' | 'warn' | 'info' | 'debug';
  msg: string;
  fields: LogFields;
}

export interface CapturedLog extends Logger {
  entries: LogEntry[];
  /** Entries whose message and fields, as text, contain every given fragment. */
  find(...fragments: string[]): LogEntry[];
}

export function captureLog(): CapturedLog {
  const entries: LogEntry[] = [];
  const make = (bound: LogFields): Logger => ({
    error: (msg, fields) => entries.push({ level: 'error', msg, fields: { ...bound, ...fields } }),
    warn: (msg, fields) => entries.push({ level: 'warn', msg, fields: { ...bound, ...fields } }),
    info: (msg, fields) => entries.push({ level: 'info', msg, fields: { ...bound, ...fields } }),
    debug: (msg, fields) => entries.push({ level: 'debug', msg, fields: { ...bound, ...fields } }),
    child: (fields) => make({ ...bound, ...fields }),
  });
  const root = make({});
  return {
    ...root,
    entries,
    find: (...fragments) =>
      entries.filter((e) => {
        const text = `${e.msg} ${JSON.stringify(e.fields)}`;
        return fragments.every((f) => text.includes(f));
      }),
  };
}
