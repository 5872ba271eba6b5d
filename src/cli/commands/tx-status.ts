// `blvm tx status TXID [--json]`: in the mempool, confirmed (with confirmations) or unknown.
import type { TxStatus } from '../../mempool/mempool.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { chainArgs, hashArg, printJson } from './chain-args.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = chainArgs(argv, 1, 'usage: blvm tx status TXID [--json]');
  const status = await daemonCall<TxStatus>(io, 'gettxstatus', { txid: hashArg(args.positionals[0], 'txid') });
  if (args.json) printJson(io.stdout, status);
  else io.stdout(`${describeStatus(status)}\n`);
  return 0;
}

export function describeStatus(s: TxStatus): string {
  if (s.status === 'mempool') return `${s.txid}: in the mempool (fee ${s.fee} sat, ${s.vsize} vB)`;
  if (s.status === 'confirmed') return `${s.txid}: confirmed in block ${s.block_hash} at height ${s.height} (${s.confirmations} confirmation${s.confirmations === 1 ? '' : 's'})`;
  return `${s.txid}: unknown (neither in the mempool nor on the best chain)`;
}
