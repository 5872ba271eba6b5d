// `blvm wallet history [--json]`: the node wallet's transactions, oldest first, with what each
// moved in and out.
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { chainArgs, printJson } from './chain-args.js';

interface Entry {
  txid: string;
  height: number | null;
  confirmations: number;
  coinbase: boolean;
  received: string;
  sent: string;
  net: string;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = chainArgs(argv, 0, 'usage: blvm wallet history [--json]');
  const entries = await daemonCall<Entry[]>(io, 'wallethistory', {}, { timeoutMs: 600_000 });
  if (args.json) {
    printJson(io.stdout, entries);
    return 0;
  }
  if (entries.length === 0) io.stdout('no transactions\n');
  for (const e of entries) {
    const where = e.height === null ? 'mempool' : `height ${e.height} (${e.confirmations} conf)`;
    const net = e.net.startsWith('-') ? e.net : `+${e.net}`;
    io.stdout(`${e.txid}  ${net.padStart(14)} sat  ${where}${e.coinbase ? '  coinbase' : ''}\n`);
  }
  return 0;
}
