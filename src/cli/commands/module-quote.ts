// `blvm module quote NAME [--json]`: what buying a paid module costs this node and the exact
// BIP47-derived addresses one transaction must pay (docs/payments.md).
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import type { Quote } from '../../payment/licences.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new BlvmError('usage', 'usage: blvm module quote NAME [--json]');
  const quote = await daemonCall<Quote>(io, 'modulequote', { name: positionals[0] });
  if (values.json) {
    io.stdout(JSON.stringify(quote, null, 2) + '\n');
    return 0;
  }
  io.stdout(
    [
      `${quote.module} ${quote.version}: ${quote.price_sats} sats, licence ${quote.licence_versions}`,
      `paid from this node's payment code ${quote.payer_payment_code}`,
      'pay in one transaction:',
      ...quote.payees.map((p) => `  ${p.role.padEnd(11)} ${String(p.sats).padStart(12)} sats to ${p.address} (BIP47 index ${p.index} of ${p.payment_code.slice(0, 12)}…)`),
      `then: blvm module licence add ${quote.module} TXID`,
    ].join('\n') + '\n',
  );
  return 0;
}
