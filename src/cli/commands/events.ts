// `blvm events [--follow] [--type T]... [-n N] [--json]`: the node's event log, read-only.
import { parseArgs } from 'node:util';
import type { EventItem } from '../../bus/events-control.js';
import { controlStream } from '../../control/control-client.js';
import { BlvmError } from '../../errors.js';
import { controlSocketPath } from '../../supervision/module-paths.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      follow: { type: 'boolean', short: 'f' },
      type: { type: 'string', short: 't', multiple: true },
      lines: { type: 'string', short: 'n' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new BlvmError('usage', `blvm events takes no positional arguments (got "${positionals[0]}")`);
  const last = values.lines === undefined ? 20 : Number(values.lines);
  if (!Number.isInteger(last) || last < 0) throw new BlvmError('usage', `-n: expected a whole number of events, got "${values.lines}"`);
  const config = await io.config();
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await controlStream(
      controlSocketPath(config.node.data_dir),
      'events',
      { types: values.type ?? [], last, follow: values.follow ?? false },
      (item) => io.stdout(values.json ? `${JSON.stringify(item)}\n` : formatEvent(item as EventItem)),
      { signal: abort.signal, maxFrame: config.ipc.max_frame },
    );
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
