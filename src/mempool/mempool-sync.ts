// Keeps the mempool consistent with a tip change, inside the change's transaction: transactions
// the new blocks confirm leave it (TxConfirmed), the non-coinbase transactions of disconnected
// blocks come back first, and then every candidate is judged again against the new UTXO set, so
// whatever conflicts with the new chain, lost its parent or no longer meets a rule drops out.
import type { ChainCore } from '../chain/chain-core.js';
import { loadBlock, type WriteTx } from '../chain/chain-activation.js';
import { toDisplayHex } from '../chain/hash.js';
import { blockTxids } from '../chain/merkle.js';
import { serializeTransaction } from '../chain/tx-codec.js';
import type { Transaction } from '../chain/types.js';
import { acceptTx } from './accept-tx.js';
import type { MempoolPolicy } from './mempool-policy.js';
import { rejectRule } from './mempool-reject.js';
import { clearPoolRows, countPoolRows, insertPoolRow, loadPoolRows } from './mempool-rows.js';
import { PoolState } from './pool-state.js';

interface Candidate {
  txid: string;
  tx: Transaction;
  raw: Buffer;
  time: number;
  /** Came back from a disconnected block (announced again with TxAccepted when it stays). */
  returned: boolean;
}

export async function syncMempool(core: ChainCore, tx: WriteTx, policy: MempoolPolicy, now: number): Promise<void> {
  if (tx.disconnected.length === 0 && (await countPoolRows(core.db)) === 0) return;
  const confirmed = new Map<string, { block_hash: string; height: number }>();
  for (const e of tx.connected) {
    const block = await loadBlock(core, e);
    for (const id of blockTxids(block.transactions).slice(1)) confirmed.set(toDisplayHex(id), { block_hash: e.hash, height: e.height });
  }
  const candidates: Candidate[] = [];
  for (const e of [...tx.disconnected].reverse()) {
    const block = await loadBlock(core, e);
    const ids = blockTxids(block.transactions);
    block.transactions.slice(1).forEach((t, i) => candidates.push({ txid: toDisplayHex(ids[i + 1]), tx: t, raw: serializeTransaction(t), time: now, returned: true }));
  }
  for (const e of await loadPoolRows(core.db)) candidates.push({ txid: e.txid, tx: e.tx, raw: e.raw, time: e.time, returned: false });
  await clearPoolRows(core.db);
  const pool = new PoolState();
  for (const c of candidates) {
    const at = confirmed.get(c.txid);
    if (at !== undefined) {
      tx.events.push({ type: 'TxConfirmed', payload: { txid: c.txid, ...at } });
      continue;
    }
    const entry = await acceptTx(core, pool, c.tx, c.raw, policy, c.time).catch((error: unknown) => {
      if (rejectRule(error) === undefined) throw error;
      return undefined;
    });
    if (entry === undefined) continue;
    pool.add(entry);
    await insertPoolRow(core.db, entry);
    if (c.returned) tx.events.push({ type: 'TxAccepted', payload: { txid: entry.txid, fee: Number(entry.fee), vsize: entry.vsize } });
  }
}
