// The mempool in memory while one write transaction judges it: its entries, which outpoint each
// spends and the outputs they create, so a new transaction can be checked against them.
import { outpointKey, type Coin } from '../chain/coins.js';
import { toDisplayHex } from '../chain/hash.js';
import { isUnspendable } from '../chain/script-types.js';
import type { Transaction } from '../chain/types.js';

export interface PoolEntry {
  txid: string;
  tx: Transaction;
  /** The transaction's serialization as submitted (with witness data). */
  raw: Buffer;
  fee: bigint;
  vsize: number;
  weight: number;
  /** When it was accepted, unix seconds. */
  time: number;
}

export class PoolState {
  readonly entries = new Map<string, PoolEntry>();
  /** outpoint → txid of the mempool transaction spending it. */
  readonly spentBy = new Map<string, string>();
  bytes = 0;

  constructor(entries: Iterable<PoolEntry> = []) {
    for (const e of entries) this.add(e);
  }

  add(e: PoolEntry): void {
    this.entries.set(e.txid, e);
    for (const input of e.tx.inputs) this.spentBy.set(outpointKey(toDisplayHex(input.prevTxid), input.prevIndex), e.txid);
    this.bytes += e.raw.length;
  }

  /** An output of a mempool transaction, as a coin of the next block (never a coinbase). */
  output(key: string, height: number): Coin | undefined {
    const at = key.lastIndexOf(':');
    const parent = this.entries.get(key.slice(0, at));
    const out = parent?.tx.outputs[Number(key.slice(at + 1))];
    if (out === undefined || isUnspendable(out.scriptPubKey)) return undefined;
    return { value: out.value, script: out.scriptPubKey, height, coinbase: false };
  }

  /** The txids of mempool transactions `e` spends outputs of. */
  parents(e: PoolEntry): string[] {
    return [...new Set(e.tx.inputs.map((i) => toDisplayHex(i.prevTxid)).filter((id) => this.entries.has(id)))];
  }
}
