// `blvm events [--follow] [--type T]... [--module NAME] [-n N] [--json]`: the node's event log,
// read-only. Types may be globs (`Module*`); filters the control method lacks run here.
import { parseArgs } from 'node:util';
import type { EventItem } from '../../bus/events-control.js';
import { controlStream } from '../../control/control-client.js';
import { BlvmError } from '../../errors.js';
import { controlSocketPath } from '../../supervision/module-paths.js';
import { eventQuery, FOLLOW_OVERLAP } from '../event-filter.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      follow: { type: 'boolean', short: 'f' },
      type: { type: 'string', short: 't', multiple: true },
      module: { type: 'string', short: 'm' },
      lines: { type: 'string', short: 'n' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new BlvmError('usage', `blvm events takes no positional arguments (got "${positionals[0]}")`);
  const last = values.lines === undefined ? 20 : Number(values.lines);
  if (!Number.isInteger(last) || last < 0) throw new BlvmError('usage', `-n: expected a whole number of events, got "${values.lines}"`);
  const query = eventQuery(values.type ?? [], values.module, last);
  const config = await io.config();
  const socket = controlSocketPath(config.node.data_dir);
  const print = (item: EventItem): void => io.stdout(values.json ? `${JSON.stringify(item)}\n` : formatEvent(item));
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const stream = (params: Record<string, unknown>, onItem: (item: EventItem) => void) =>
    controlStream(socket, 'events', params, (raw) => onItem(raw as EventItem), { signal: abort.signal, maxFrame: config.ipc.max_frame });
  try {
    if (!query.filtering) {
      await stream({ types: query.serverTypes, last, follow: values.follow ?? false }, print);
      return 0;
    }
    // Filtering here: search a wide window, print its newest matches, then follow what comes after.
    const matched: EventItem[] = [];
    await stream({ types: query.serverTypes, last: query.serverLast, follow: false }, (item) => {
      if (query.matches(item)) matched.push(item);
    });
    const shown = last === 0 ? [] : matched.slice(-last);
    shown.forEach(print);
    if (!values.follow) return 0;
    let seen = matched.at(-1)?.seq ?? 0;
    await stream({ types: query.serverTypes, last: FOLLOW_OVERLAP, follow: true }, (item) => {
      if (item.seq !== null && item.seq <= seen) return;
      if (item.seq !== null) seen = item.seq;
      if (query.matches(item)) print(item);
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return 0;
}

export function formatEvent(e: EventItem): string {
  const seq = e.seq === null ? '-' : `#${e.seq}`;
  return `${seq.padStart(8)}  ${new Date(e.at).toISOString()}  ${e.type}  ${e.source}  ${JSON.stringify(e.data)}\n`;
}
