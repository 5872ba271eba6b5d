// `blvm module licences [--json]`: every purchase this node recorded and whether it licenses now.
import { parseArgs } from 'node:util';
import type { Purchase } from '../../payment/purchase.js';
import type { ProofVerdict } from '../../payment/purchase-proof.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: false });
  const licences = await daemonCall<(Purchase & { verdict: ProofVerdict })[]>(io, 'modulelicences');
  if (values.json) {
    io.stdout(JSON.stringify(licences, null, 2) + '\n');
    return 0;
  }
  if (licences.length === 0) {
    io.stdout('no purchases recorded\n');
    return 0;
  }
  for (const l of licences) {
    const state = l.verdict.proven ? `valid (${l.verdict.confirmations} confirmations)` : `not valid: ${l.verdict.reason}`;
    io.stdout(`${l.module} ${l.licence_versions}  ${l.price_sats} sats  tx ${l.txid}\n  ${state}\n`);
  }
  return 0;
}
