// `blvm module licence add NAME TXID`: records the transaction that paid a module's quote; the
// licence holds while that transaction is proven on the active chain.
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import type { Purchase } from '../../payment/purchase.js';
import type { ProofVerdict } from '../../payment/purchase-proof.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args: argv, options: {}, allowPositionals: true });
  if (positionals.length !== 2) throw new BlvmError('usage', 'usage: blvm module licence add NAME TXID');
  const { purchase, verdict } = await daemonCall<{ purchase: Purchase; verdict: ProofVerdict }>(io, 'modulelicenceadd', { name: positionals[0], txid: positionals[1] });
  io.stdout(`recorded purchase ${purchase.txid} of ${purchase.module} (licence ${purchase.licence_versions})\n`);
  io.stdout(verdict.proven ? `proven with ${verdict.confirmations} confirmation(s): load it with blvm module load ${purchase.module}\n` : `not proven yet: ${verdict.reason}\n`);
  return 0;
}
