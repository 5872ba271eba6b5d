// `blvm wallet balance [--json]`: spendable (confirmed, mature), immature coinbase and
// unconfirmed (mempool) satoshis of the node wallet.
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { chainArgs, printJson } from './chain-args.js';

interface BalanceView {
  height: number;
  confirmed: string;
  immature: string;
  unconfirmed: string;
  total: string;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = chainArgs(argv, 0, 'usage: blvm wallet balance [--json]');
  const b = await daemonCall<BalanceView>(io, 'walletbalance');
  if (args.json) {
    printJson(io.stdout, b);
    return 0;
  }
  io.stdout(`confirmed    ${b.confirmed} sat\nimmature     ${b.immature} sat\nunconfirmed  ${b.unconfirmed} sat\ntotal        ${b.total} sat (at height ${b.height})\n`);
  return 0;
}
