// Wire-format Bitcoin objects. Hashes (prevHash, merkleRoot, prevTxid) are 32-byte
// views in internal byte order; use toDisplayHex for the reversed form explorers show.
// Parsed objects share memory with the input bytes and are treated as immutable.

export interface BlockHeader {
  readonly version: number;
  readonly prevHash: Uint8Array;
  readonly merkleRoot: Uint8Array;
  /** Unix seconds. */
  readonly time: number;
  /** Compact target. */
  readonly bits: number;
  readonly nonce: number;
}

export interface TxInput {
  readonly prevTxid: Uint8Array;
  readonly prevIndex: number;
  readonly scriptSig: Uint8Array;
  readonly sequence: number;
  /** Witness stack items; empty when the input carries no witness. */
  readonly witness: readonly Uint8Array[];
}

export interface TxOutput {
  /** Satoshis; signed on the wire, so a negative value is representable (and invalid). */
  readonly value: bigint;
  readonly scriptPubKey: Uint8Array;
}

export interface Transaction {
  readonly version: number;
  readonly inputs: readonly TxInput[];
  readonly outputs: readonly TxOutput[];
  readonly locktime: number;
}

export interface Block {
  readonly header: BlockHeader;
  readonly transactions: readonly Transaction[];
}

export const HEADER_SIZE = 80;
