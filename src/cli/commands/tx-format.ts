// Text renderings of the mempool views for `blvm tx …`.
import type { MempoolEntryView, MempoolTxView } from '../../mempool/mempool.js';
import { formatDecodedTx } from './chain-format.js';

export function formatMempoolTx(tx: MempoolTxView): string {
  return formatDecodedTx(tx.txid, tx.decoded, [
    ['status', 'in the mempool'],
    ['fee', `${tx.fee} sat (${tx.fee_rate} sat/vB, ${tx.vsize} vB)`],
    ['accepted', new Date(tx.time * 1000).toISOString()],
    ['depends on', tx.depends.length === 0 ? 'nothing unconfirmed' : tx.depends.join(', ')],
  ]);
}

export function formatMempoolList(txs: readonly MempoolEntryView[]): string {
  if (txs.length === 0) return 'the mempool is empty\n';
  const bytes = txs.reduce((sum, t) => sum + t.vsize, 0);
  const fees = txs.reduce((sum, t) => sum + t.fee, 0);
  return (
    `${txs.length} transaction${txs.length === 1 ? '' : 's'}, ${bytes} vB, ${fees} sat in fees\n` +
    txs.map((t) => `  ${t.txid}  ${t.fee} sat  ${t.vsize} vB  ${t.fee_rate} sat/vB${t.depends.length > 0 ? `  after ${t.depends.join(', ')}` : ''}\n`).join('')
  );
}
