// `blvm module buy NAME [--fee-rate N] [--json]`: pays the module's quote from the node wallet in
// one transaction (after a BIP47 notification to each recipient not notified yet), submits it to
// the mempool and records the purchase, which licenses once proven on chain.
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import type { BuyResult } from '../../payment/buy.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { printJson } from './chain-args.js';

const USAGE = 'usage: blvm module buy NAME [--fee-rate SAT_PER_VBYTE] [--json]';

type BuyReply = Omit<BuyResult, 'payment'> & { payment: { txid: string; fee: string; change: string } };

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { 'fee-rate': { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new BlvmError('usage', USAGE);
  const params: Record<string, unknown> = { name: positionals[0] };
  const rate = values['fee-rate'];
  if (rate !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(rate)) throw new BlvmError('usage', `--fee-rate: expected sat/vB as a number ≥ 0, got "${rate}"\n${USAGE}`);
    params.fee_rate = Number(rate);
  }
  const bought = await daemonCall<BuyReply>(io, 'modulebuy', params);
  if (values.json) {
    printJson(io.stdout, bought);
    return 0;
  }
  const { purchase, payment } = bought;
  io.stdout(
    [
      ...bought.notifications.map((n) => `notified ${n.payment_code.slice(0, 12)}… in ${n.txid} (fee ${n.fee} sats)`),
      `paid ${purchase.price_sats} sats for ${purchase.module} ${purchase.version} in ${payment.txid} (fee ${payment.fee} sats):`,
      ...purchase.payees.map((p) => `  ${p.role.padEnd(11)} ${String(p.sats).padStart(12)} sats (BIP47 index ${p.index} of ${p.payment_code.slice(0, 12)}…)`),
      `recorded purchase ${payment.txid}: it licenses ${purchase.licence_versions} once confirmed ([payments] confirmations); see blvm module licences`,
    ].join('\n') + '\n',
  );
  return 0;
}
