import { BlvmError } from '../errors.js';
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { sha256d } from './hash.js';
import { HEADER_SIZE, type BlockHeader } from './types.js';

/** Reads one 80-byte header at the reader's position. */
export function readHeader(r: ByteReader): BlockHeader {
  r.need(HEADER_SIZE, 'header');
  return {
    version: r.i32('header version'),
    prevHash: r.bytes(32, 'header prev_block'),
    merkleRoot: r.bytes(32, 'header merkle_root'),
    time: r.u32('header time'),
    bits: r.u32('header bits'),
    nonce: r.u32('header nonce'),
  };
}

/** Parses exactly 80 bytes into a header (views into `bytes`). */
export function parseHeader(bytes: Uint8Array): BlockHeader {
  if (bytes.length !== HEADER_SIZE) {
    throw new BlvmError('protocol', `header: expected ${HEADER_SIZE} bytes, got ${bytes.length}`);
  }
  return readHeader(new ByteReader(bytes, 'header'));
}

export function writeHeader(w: ByteWriter, h: BlockHeader): void {
  if (h.prevHash.length !== 32 || h.merkleRoot.length !== 32) {
    throw new BlvmError(
      'protocol',
      `header: prev_block and merkle_root must be 32 bytes (got ${h.prevHash.length} and ${h.merkleRoot.length})`,
    );
  }
  w.i32(h.version);
  w.bytes(h.prevHash);
  w.bytes(h.merkleRoot);
  w.u32(h.time);
  w.u32(h.bits);
  w.u32(h.nonce);
}

export function serializeHeader(h: BlockHeader): Buffer {
  const w = new ByteWriter(HEADER_SIZE);
  writeHeader(w, h);
  return w.finish();
}

/** Block hash in internal byte order: sha256d of the 80-byte header. */
export function blockHash(h: BlockHeader): Buffer {
  return sha256d(serializeHeader(h));
}

/** Splits a run of concatenated 80-byte headers; the length must be a multiple of 80. */
export function parseHeaderRun(bytes: Uint8Array): BlockHeader[] {
  if (bytes.length % HEADER_SIZE !== 0) {
    throw new BlvmError(
      'protocol',
      `header run: ${bytes.length} bytes is not a multiple of ${HEADER_SIZE} (${bytes.length % HEADER_SIZE} trailing bytes after offset ${bytes.length - (bytes.length % HEADER_SIZE)})`,
    );
  }
  const r = new ByteReader(bytes, 'header run');
  const out: BlockHeader[] = new Array(bytes.length / HEADER_SIZE);
  for (let i = 0; i < out.length; i++) out[i] = readHeader(r);
  return out;
}
