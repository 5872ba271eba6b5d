// `blvm chain tx <txid> [--json] [--hex]`: a transaction of the best chain.
import type { TxView } from '../../chain/chain-views.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { chainArgs, hashArg, printJson } from './chain-args.js';
import { formatTx } from './chain-format.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = chainArgs(argv, 1, 'usage: blvm chain tx <txid> [--json] [--hex]', { hex: true });
  const tx = await daemonCall<TxView>(io, 'getrawtransaction', { txid: hashArg(args.positionals[0], 'txid') });
  if (args.json) printJson(io.stdout, tx);
  else io.stdout(args.hex ? tx.hex + '\n' : formatTx(tx));
  return 0;
}
