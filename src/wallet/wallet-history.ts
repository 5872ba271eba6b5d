// The wallet's history: the transactions of the active chain from the wallet's birth height,
// then those in the mempool, that pay one of its scripts or spend one of its coins, with what
// each moved in and out. A scan of the chain, so reorgs are always reflected.
import { outpointKey } from '../chain/coins.js';
import { toDisplayHex } from '../chain/hash.js';
import { isCoinbase, txid } from '../chain/tx-codec.js';
import type { Transaction } from '../chain/types.js';
import type { WalletChain } from './wallet-ports.js';

export interface HistoryEntry {
  txid: string;
  /** Block height; null while in the mempool. */
  height: number | null;
  confirmations: number;
  coinbase: boolean;
  received: bigint;
  sent: bigint;
  /** received − sent: what the transaction changed in the wallet's balance. */
  net: bigint;
  /** Highest receive/change index paid, for restoring the key chains' next index. */
  paidKeys: string[];
}

/** Entries oldest first; `scripts` maps each wallet script (hex) to its `chain/index`. */
export async function walletHistory(chain: WalletChain, fromHeight: number, mempool: readonly Transaction[], scripts: ReadonlyMap<string, string>): Promise<HistoryEntry[]> {
  const tip = chain.height();
  const owned = new Map<string, bigint>();
  const entries: HistoryEntry[] = [];
  const visit = (tx: Transaction, height: number | null): void => {
    const id = toDisplayHex(txid(tx));
    let sent = 0n;
    if (!isCoinbase(tx)) {
      for (const input of tx.inputs) {
        const key = outpointKey(toDisplayHex(input.prevTxid), input.prevIndex);
        const value = owned.get(key);
        if (value !== undefined) sent += value;
        owned.delete(key);
      }
    }
    let received = 0n;
    const paidKeys: string[] = [];
    tx.outputs.forEach((o, vout) => {
      const owner = scripts.get(Buffer.from(o.scriptPubKey).toString('hex'));
      if (owner === undefined) return;
      received += o.value;
      paidKeys.push(owner);
      owned.set(outpointKey(id, vout), o.value);
    });
    if (sent === 0n && received === 0n) return;
    const confirmations = height === null ? 0 : tip - height + 1;
    entries.push({ txid: id, height, confirmations, coinbase: isCoinbase(tx), received, sent, net: received - sent, paidKeys });
  };
  for (let h = Math.max(1, fromHeight); h <= tip; h++) {
    for (const tx of (await chain.blockAt(h)).transactions) visit(tx, h);
  }
  for (const tx of mempool) visit(tx, null);
  return entries;
}
