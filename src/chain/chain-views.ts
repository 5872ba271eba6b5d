// JSON shapes the chain store answers with: the control socket, the module API and the SDK
// share them. Hashes and txids are display hex; chainwork is 64 hex digits.
import type { HeaderStatus } from './block-index.js';

export interface ChainTip {
  hash: string;
  height: number;
  chainwork: string;
  time: number;
  median_time: number;
}

export interface HeaderView {
  hash: string;
  height: number;
  version: number;
  /** null for the genesis. */
  prev_hash: string | null;
  merkle_root: string;
  time: number;
  median_time: number;
  /** Compact target, 8 hex digits. */
  bits: string;
  nonce: number;
  chainwork: string;
  status: HeaderStatus;
  /** The full block is stored. */
  has_block: boolean;
  in_best_chain: boolean;
  /** Blocks on the best chain from this one to the tip (1 at the tip); 0 when off the best chain. */
  confirmations: number;
  /** The next block on the best chain, when this one is on it and is not the tip. */
  next_hash: string | null;
  tx_count: number | null;
}

export interface TxInputView {
  prev_txid: string;
  prev_index: number;
  script_sig: string;
  sequence: number;
  witness: string[];
}

export interface TxOutputView {
  /** Satoshis. */
  value: number;
  script_pubkey: string;
}

export interface DecodedTx {
  txid: string;
  wtxid: string;
  version: number;
  locktime: number;
  coinbase: boolean;
  size: number;
  weight: number;
  inputs: TxInputView[];
  outputs: TxOutputView[];
}

export interface BlockHexView {
  hash: string;
  height: number;
  hex: string;
}

export interface DecodedBlockView extends HeaderView {
  size: number;
  stripped_size: number;
  weight: number;
  tx: DecodedTx[];
}

export interface TxView {
  txid: string;
  block_hash: string;
  height: number;
  /** Index of the transaction inside its block (0 = coinbase). */
  position: number;
  confirmations: number;
  hex: string;
  decoded: DecodedTx;
}

export interface ChainInfo {
  network: string;
  genesis_hash: string;
  /** The block tip: the most-work valid chain whose blocks are all stored. */
  tip: ChainTip;
  /** The most-work valid header, whether or not its blocks are stored (ahead of the tip after a header import). */
  best_header: { hash: string; height: number; chainwork: string };
  headers: number;
  blocks: number;
  invalidated: number;
}

/** Outcome of a reorg the operator asked for (invalidate / reconsider). */
export interface ReorgSummary {
  tip: ChainTip;
  /** Headers whose status changed. */
  changed: number;
  /** Blocks taken off the best chain, old tip first. */
  disconnected: string[];
  /** Blocks put on the best chain, lowest first. */
  connected: string[];
}

/** A header or block the store refused, and why. */
export interface Rejection {
  /** Position in the imported run (0 for a single block). */
  index: number;
  hash: string;
  height: number | null;
  codes: string[];
  problems: string[];
}

export interface HeaderImportReport {
  kind: 'headers';
  count: number;
  /** Headers checked against their parent in the store (known ones included). */
  validated: number;
  added: number;
  known: number;
  /** No rule was left unchecked for lack of context. */
  complete: boolean;
  first_height: number | null;
  last_height: number | null;
  rejected: Rejection | null;
  best_header: ChainInfo['best_header'];
  tip: ChainTip;
}

export interface BlockImportReport {
  kind: 'block';
  hash: string;
  height: number | null;
  tx_count: number;
  /** connected: now on the best chain; stored: kept off the best chain; known: already stored; rejected: refused. */
  outcome: 'connected' | 'stored' | 'known' | 'rejected';
  rejected: Rejection | null;
  tip: ChainTip;
}

export type ImportReport = HeaderImportReport | BlockImportReport;
