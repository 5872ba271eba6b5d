// Builds the JSON views of chain-views.ts from parsed objects and index entries.
import type { IndexEntry } from './block-index.js';
import { blockSize, strippedSize } from './block-codec.js';
import type { ChainTip, DecodedBlockView, DecodedTx, HeaderView } from './chain-views.js';
import { bitsHex } from './compact-target.js';
import { toDisplayHex, uint256Hex } from './hash.js';
import { isCoinbase, serializeTransaction, txSize, txid, wtxid } from './tx-codec.js';
import type { Block, BlockHeader, Transaction } from './types.js';

export interface BestChainFacts {
  /** Height of the best chain's tip. */
  tipHeight: number;
  /** Whether this entry is on the best chain. */
  inBestChain: boolean;
  /** The next block on the best chain, if any. */
  next: string | null;
  medianTime: number;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export function tipView(entry: IndexEntry, medianTime: number): ChainTip {
  return { hash: entry.hash, height: entry.height, chainwork: uint256Hex(entry.chainwork), time: entry.time, median_time: medianTime };
}

export function headerView(entry: IndexEntry, header: BlockHeader, facts: BestChainFacts): HeaderView {
  return {
    hash: entry.hash,
    height: entry.height,
    version: header.version,
    prev_hash: entry.parent?.hash ?? null,
    merkle_root: toDisplayHex(header.merkleRoot),
    time: header.time,
    median_time: facts.medianTime,
    bits: bitsHex(header.bits),
    nonce: header.nonce,
    chainwork: uint256Hex(entry.chainwork),
    status: entry.status,
    has_block: entry.hasBlock,
    in_best_chain: facts.inBestChain,
    confirmations: facts.inBestChain ? facts.tipHeight - entry.height + 1 : 0,
    next_hash: facts.next,
    tx_count: entry.txCount,
  };
}

export function decodedTx(tx: Transaction): DecodedTx {
  const size = txSize(tx, true);
  return {
    txid: toDisplayHex(txid(tx)),
    wtxid: toDisplayHex(wtxid(tx)),
    version: tx.version,
    locktime: tx.locktime,
    coinbase: isCoinbase(tx),
    size,
    weight: txSize(tx, false) * 3 + size,
    inputs: tx.inputs.map((i) => ({
      prev_txid: toDisplayHex(i.prevTxid),
      prev_index: i.prevIndex,
      script_sig: hex(i.scriptSig),
      sequence: i.sequence,
      witness: i.witness.map(hex),
    })),
    outputs: tx.outputs.map((o) => ({ value: Number(o.value), script_pubkey: hex(o.scriptPubKey) })),
  };
}

export function decodedBlockView(entry: IndexEntry, block: Block, facts: BestChainFacts): DecodedBlockView {
  const size = blockSize(block);
  const stripped = strippedSize(block);
  return {
    ...headerView(entry, block.header, facts),
    size,
    stripped_size: stripped,
    weight: stripped * 3 + size,
    tx: block.transactions.map(decodedTx),
  };
}

export function txHex(tx: Transaction): string {
  return serializeTransaction(tx).toString('hex');
}
