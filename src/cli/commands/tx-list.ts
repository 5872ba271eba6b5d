// `blvm tx list [--json]`: the running node's mempool, oldest first.
import type { MempoolEntryView } from '../../mempool/mempool.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { chainArgs, printJson } from './chain-args.js';
import { formatMempoolList } from './tx-format.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = chainArgs(argv, 0, 'usage: blvm tx list [--json]');
  const pool = await daemonCall<{ transactions: MempoolEntryView[] }>(io, 'getmempool');
  if (args.json) printJson(io.stdout, pool);
  else io.stdout(formatMempoolList(pool.transactions));
  return 0;
}
