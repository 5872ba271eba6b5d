// `blvm chain import FILE [--json]`: the running node reads, validates and stores a raw block
// or a run of 80-byte headers; header runs show a progress bar when stderr is a terminal.
import { resolve } from 'node:path';
import type { ImportReport } from '../../chain/chain-views.js';
import { controlStream } from '../../control/control-client.js';
import { controlSocketPath } from '../../supervision/module-paths.js';
import type { CliIo } from '../io.js';
import { chainArgs, printJson } from './chain-args.js';
import { formatImport } from './chain-format.js';
import { progressBar } from './chain-progress.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = chainArgs(argv, 1, 'usage: blvm chain import FILE [--json]');
  const file = resolve(args.positionals[0]);
  const config = await io.config();
  const bar = process.stderr.isTTY ? progressBar(io.stderr, 'importing headers') : null;
  let report: ImportReport;
  try {
    report = (await controlStream(controlSocketPath(config.node.data_dir), 'importchain', { path: file }, (item) => {
      const p = item as { done: number; total: number };
      bar?.update(p.done, p.total);
    })) as ImportReport;
  } finally {
    bar?.end();
  }
  if (args.json) printJson(io.stdout, report);
  else io.stdout(formatImport(args.positionals[0], report));
  const rejected = report.rejected;
  if (rejected === null) return 0;
  const what = report.kind === 'block' ? 'block' : `header ${rejected.index} of the run`;
  const height = rejected.height === null ? '' : ` (height ${rejected.height})`;
  io.stderr(`blvm: ${what} ${rejected.hash}${height} was rejected:\n${rejected.problems.map((p) => `  - ${p}\n`).join('')}`);
  return 1;
}
