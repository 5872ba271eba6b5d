// `blvm wallet send ADDRESS SATS [--fee-rate N] [--json]`: pays ADDRESS from the node wallet
// (P2WPKH change back to it) and submits the signed transaction to the mempool.
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { printJson } from './chain-args.js';

const USAGE = 'usage: blvm wallet send ADDRESS SATS [--fee-rate SAT_PER_VBYTE] [--json]';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { 'fee-rate': { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 2) throw new BlvmError('usage', USAGE);
  const [address, amount] = positionals;
  const params: Record<string, unknown> = { address, amount };
  const rate = values['fee-rate'];
  if (rate !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(rate)) throw new BlvmError('usage', `--fee-rate: expected sat/vB as a number ≥ 0, got "${rate}"\n${USAGE}`);
    params.fee_rate = Number(rate);
  }
  const sent = await daemonCall<{ txid: string; fee: string; amount: string; change: string }>(io, 'walletsend', params);
  if (values.json) printJson(io.stdout, sent);
  else io.stdout(`${sent.txid}\n`);
  return 0;
}
