import { merkleRoot } from './merkle.js';
import { txid } from './tx-codec.js';
import type { Block, Transaction } from './types.js';

// Bitcoin Core's CreateGenesisBlock: one coinbase paying 50 BTC to Satoshi's key, carrying the
// Times headline; the networks differ only in the header's time, nonce and bits.
const GENESIS_SCRIPT_SIG = Buffer.from(
  '04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73',
  'hex',
);
const GENESIS_OUTPUT_SCRIPT = Buffer.from(
  '4104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac',
  'hex',
);

export function createGenesisBlock(time: number, nonce: number, bits: number): Block {
  const coinbase: Transaction = {
    version: 1,
    inputs: [{ prevTxid: Buffer.alloc(32), prevIndex: 0xffffffff, scriptSig: GENESIS_SCRIPT_SIG, sequence: 0xffffffff, witness: [] }],
    outputs: [{ value: 5_000_000_000n, scriptPubKey: GENESIS_OUTPUT_SCRIPT }],
    locktime: 0,
  };
  const header = {
    version: 1,
    prevHash: Buffer.alloc(32),
    merkleRoot: merkleRoot([txid(coinbase)]).root,
    time,
    bits,
    nonce,
  };
  return { header, transactions: [coinbase] };
}
