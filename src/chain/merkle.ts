import { sha256d } from './hash.js';
import { hasWitness, txid, wtxid } from './tx-codec.js';
import type { Transaction } from './types.js';

export interface MerkleResult {
  root: Buffer;
  /**
   * Some level had two identical adjacent hashes: the CVE-2012-2459 mutation, where
   * duplicating a trailing subtree yields another block with the same root.
   */
  mutated: boolean;
}

/** Bitcoin's merkle root (odd levels duplicate their last hash), flagging the duplicate-subtree mutation. */
export function merkleRoot(leaves: readonly Uint8Array[]): MerkleResult {
  if (leaves.length === 0) return { root: Buffer.alloc(32), mutated: false };
  let level: Uint8Array[] = leaves.slice();
  let mutated = false;
  const pair = Buffer.allocUnsafe(64);
  while (level.length > 1) {
    for (let i = 0; i + 1 < level.length; i += 2) {
      if (Buffer.compare(level[i], level[i + 1]) === 0) mutated = true;
    }
    if (level.length & 1) level.push(level[level.length - 1]);
    const next: Uint8Array[] = new Array(level.length / 2);
    for (let i = 0; i < next.length; i++) {
      pair.set(level[2 * i], 0);
      pair.set(level[2 * i + 1], 32);
      next[i] = sha256d(pair);
    }
    level = next;
  }
  return { root: Buffer.from(level[0]), mutated };
}

/**
 * BIP141 witness merkle root: wtxids, with the coinbase's taken as 32 zero bytes. Already
 * computed txids may be passed: a transaction without witness data has wtxid = txid.
 */
export function witnessMerkleRoot(transactions: readonly Transaction[], txids?: readonly Buffer[]): Buffer {
  const leaves = transactions.map((tx, i) => (i === 0 ? Buffer.alloc(32) : txids !== undefined && !hasWitness(tx) ? txids[i] : wtxid(tx)));
  return merkleRoot(leaves).root;
}

export function blockTxids(transactions: readonly Transaction[]): Buffer[] {
  return transactions.map((tx) => txid(tx));
}
