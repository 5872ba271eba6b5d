// `blvm tx submit HEX [--json]`: hands a raw transaction to the running node's mempool; a refusal
// prints the rule it broke (e.g. `tx … refused: conflict: …`) and exits 1.
import type { SubmitResult } from '../../mempool/mempool.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { chainArgs, printJson } from './chain-args.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = chainArgs(argv, 1, 'usage: blvm tx submit HEX [--json]');
  const result = await daemonCall<SubmitResult>(io, 'sendrawtransaction', { hex: args.positionals[0] });
  if (args.json) printJson(io.stdout, result);
  else io.stdout(`accepted ${result.txid} (fee ${result.fee} sat, ${result.vsize} vB, ${result.fee_rate} sat/vB)\n`);
  return 0;
}
