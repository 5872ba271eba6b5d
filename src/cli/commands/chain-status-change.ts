// `blvm chain invalidate HASH` / `blvm chain reconsider HASH [--json]`: reorg on purpose.
import type { ReorgSummary } from '../../chain/chain-views.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { chainArgs, hashArg, printJson } from './chain-args.js';
import { formatReorg } from './chain-format.js';

export async function runStatusChange(verb: 'invalidate' | 'reconsider', argv: string[], io: CliIo): Promise<number> {
  const args = chainArgs(argv, 1, `usage: blvm chain ${verb} HASH [--json]`);
  const method = verb === 'invalidate' ? 'invalidateblock' : 'reconsiderblock';
  const summary = await daemonCall<ReorgSummary>(io, method, { hash: hashArg(args.positionals[0], 'block hash') });
  if (args.json) printJson(io.stdout, summary);
  else io.stdout(formatReorg(verb === 'invalidate' ? 'invalidated' : 'reconsidered', summary));
  return 0;
}
