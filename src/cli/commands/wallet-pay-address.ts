// `blvm wallet pay-address CODE --index N [--network NET] [--json]`: the BIP47 address this node
// pays CODE at index N (in the node's network unless --network says otherwise).
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';

const USAGE = 'usage: blvm wallet pay-address CODE --index N [--network mainnet|testnet|regtest] [--json]';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { index: { type: 'string' }, network: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1 || values.index === undefined) throw new BlvmError('usage', USAGE);
  if (!/^\d+$/.test(values.index)) throw new BlvmError('usage', `--index: expected a whole number ≥ 0, got "${values.index}"`);
  const answer = await daemonCall<{ address: string; index: number; network: string }>(io, 'walletpayaddress', { code: positionals[0], index: Number(values.index), network: values.network });
  io.stdout(values.json ? JSON.stringify(answer, null, 2) + '\n' : `${answer.address}\n`);
  return 0;
}
