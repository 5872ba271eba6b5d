import { ByteReader } from './byte-reader.js';
import { ByteWriter, compactSizeLength } from './byte-writer.js';
import { readHeader, writeHeader } from './header-codec.js';
import { readTransaction, txSize, writeTransaction } from './tx-codec.js';
import { HEADER_SIZE, type Block, type Transaction } from './types.js';

const MIN_TX_BYTES = 10;

/** Parses one raw block (no blk*.dat framing); trailing bytes are an error. */
export function parseBlock(bytes: Uint8Array): Block {
  const r = new ByteReader(bytes, 'block');
  const header = readHeader(r);
  const n = r.count('transaction count', MIN_TX_BYTES);
  const transactions: Transaction[] = new Array(n);
  for (let i = 0; i < n; i++) {
    r.txIndex = i;
    transactions[i] = readTransaction(r);
  }
  r.txIndex = -1;
  r.expectEnd();
  return { header, transactions };
}

/** Full serialized size in bytes (with witness data). */
export function blockSize(block: Block): number {
  return sumSizes(block, true);
}

/** Size without witness data (what the legacy 1 MB rule and txids see). */
export function strippedSize(block: Block): number {
  return sumSizes(block, false);
}

/** BIP141 weight: stripped size × 3 + full size. */
export function blockWeight(block: Block): number {
  return strippedSize(block) * 3 + blockSize(block);
}

function sumSizes(block: Block, witness: boolean): number {
  let n = HEADER_SIZE + compactSizeLength(block.transactions.length);
  for (const tx of block.transactions) n += txSize(tx, witness);
  return n;
}

export function serializeBlock(block: Block, options: { witness?: boolean } = {}): Buffer {
  const witness = options.witness ?? true;
  const w = new ByteWriter(sumSizes(block, witness));
  writeHeader(w, block.header);
  w.compactSize(block.transactions.length);
  for (const tx of block.transactions) writeTransaction(w, tx, witness);
  return w.finish();
}
