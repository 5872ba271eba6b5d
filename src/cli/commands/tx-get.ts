// `blvm tx get TXID [--json] [--hex]`: a mempool transaction, else one of the best chain.
import type { TxView } from '../../chain/chain-views.js';
import type { MempoolTxView } from '../../mempool/mempool.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { chainArgs, hashArg, printJson } from './chain-args.js';
import { formatTx } from './chain-format.js';
import { formatMempoolTx } from './tx-format.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = chainArgs(argv, 1, 'usage: blvm tx get TXID [--json] [--hex]', { hex: true });
  const tx = await daemonCall<MempoolTxView | (TxView & { status: 'confirmed' })>(io, 'gettransaction', { txid: hashArg(args.positionals[0], 'txid') });
  if (args.json) printJson(io.stdout, tx);
  else if (args.hex) io.stdout(tx.hex + '\n');
  else io.stdout(tx.status === 'mempool' ? formatMempoolTx(tx) : formatTx(tx));
  return 0;
}
