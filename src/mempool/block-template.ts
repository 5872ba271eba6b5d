// Which mempool transactions a generated block carries: highest fee rate first, a transaction
// only after every mempool parent it spends, until the block's weight limit.
import type { Transaction } from '../chain/types.js';
import { PoolState, type PoolEntry } from './pool-state.js';

/** Weight kept free for the block header, the transaction count and the coinbase. */
export const COINBASE_RESERVE_WEIGHT = 4_000;

export interface BlockTemplate {
  txs: Transaction[];
  fees: bigint;
  weight: number;
}

export function selectForBlock(entries: readonly PoolEntry[], maxBlockWeight: number): BlockTemplate {
  const pool = new PoolState(entries);
  const byRate = [...entries].sort((a, b) => Number(b.fee) / b.vsize - Number(a.fee) / a.vsize);
  const taken = new Set<string>();
  const template: BlockTemplate = { txs: [], fees: 0n, weight: COINBASE_RESERVE_WEIGHT };
  for (let added = true; added; ) {
    added = false;
    for (const e of byRate) {
      if (taken.has(e.txid) || template.weight + e.weight > maxBlockWeight) continue;
      if (!pool.parents(e).every((p) => taken.has(p))) continue;
      taken.add(e.txid);
      template.txs.push(e.tx);
      template.fees += e.fee;
      template.weight += e.weight;
      added = true;
    }
  }
  return template;
}
