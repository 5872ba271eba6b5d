import { BlvmError } from '../errors.js';
import { ByteReader } from './byte-reader.js';
import { ByteWriter, compactSizeLength } from './byte-writer.js';
import { sha256d } from './hash.js';
import type { Transaction, TxInput, TxOutput } from './types.js';

const NO_WITNESS: readonly Uint8Array[] = Object.freeze([]);
const MIN_INPUT_BYTES = 41;
const MIN_OUTPUT_BYTES = 9;

// Where a parsed transaction's bytes live, so txid/wtxid hash views instead of re-serializing.
// Keyed by object identity: a copied or rebuilt transaction misses and is serialized afresh.
interface TxSource {
  bytes: Buffer;
  /** Offset of the witness section inside `bytes`, or -1 for a legacy serialization. */
  witnessStart: number;
}
const sources = new WeakMap<Transaction, TxSource>();

type MutableInput = { -readonly [K in keyof TxInput]: TxInput[K] };

/** Reads one transaction (legacy or BIP144 segwit) at the reader's position. */
export function readTransaction(r: ByteReader): Transaction {
  const start = r.pos;
  const version = r.u32('tx version');
  r.need(1, 'tx input count');
  let segwit = false;
  let inputs: MutableInput[] = [];
  let outputs: TxOutput[] = [];
  if (r.buf[r.pos] === 0x00) {
    r.pos++;
    const flag = r.u8('segwit flag');
    if (flag !== 0 && flag !== 1) {
      throw new BlvmError('protocol', `${r.label()}: unknown segwit flag 0x${flag.toString(16).padStart(2, '0')} at offset ${r.pos - 1}`);
    }
    // Marker 0x00 with flag 0x00 is how an empty input list followed by an empty output list reads.
    if (flag === 1) {
      segwit = true;
      inputs = readInputs(r);
      outputs = readOutputs(r);
    }
  } else {
    inputs = readInputs(r);
    outputs = readOutputs(r);
  }
  let witnessStart = -1;
  if (segwit) {
    witnessStart = r.pos - start;
    let any = false;
    for (const input of inputs) {
      const n = r.count('witness item count', 1);
      if (n === 0) continue;
      any = true;
      const items: Uint8Array[] = new Array(n);
      for (let j = 0; j < n; j++) items[j] = r.varBytes('witness item');
      input.witness = items;
    }
    if (!any) {
      throw new BlvmError('protocol', `${r.label()}: superfluous witness record at offset ${start}: segwit marker set but every witness stack is empty`);
    }
  }
  const locktime = r.u32('tx locktime');
  const tx: Transaction = { version, inputs, outputs, locktime };
  sources.set(tx, { bytes: r.buf.subarray(start, r.pos), witnessStart });
  return tx;
}

function readInputs(r: ByteReader): MutableInput[] {
  const n = r.count('tx input count', MIN_INPUT_BYTES);
  const inputs: MutableInput[] = new Array(n);
  for (let i = 0; i < n; i++) {
    inputs[i] = {
      prevTxid: r.bytes(32, 'input prevout txid'),
      prevIndex: r.u32('input prevout index'),
      scriptSig: r.varBytes('input scriptSig'),
      sequence: r.u32('input sequence'),
      witness: NO_WITNESS,
    };
  }
  return inputs;
}

function readOutputs(r: ByteReader): TxOutput[] {
  const n = r.count('tx output count', MIN_OUTPUT_BYTES);
  const outputs: TxOutput[] = new Array(n);
  for (let i = 0; i < n; i++) {
    outputs[i] = { value: r.i64('output value'), scriptPubKey: r.varBytes('output scriptPubKey') };
  }
  return outputs;
}

/** Parses exactly one transaction; trailing bytes are an error. */
export function parseTransaction(bytes: Uint8Array): Transaction {
  const r = new ByteReader(bytes, 'tx');
  const tx = readTransaction(r);
  r.expectEnd();
  return tx;
}

export function hasWitness(tx: Transaction): boolean {
  for (const input of tx.inputs) if (input.witness.length > 0) return true;
  return false;
}

/** Serialized size; with `witness` false, the stripped (txid) serialization. */
export function txSize(tx: Transaction, witness = true): number {
  let n = 8 + compactSizeLength(tx.inputs.length) + compactSizeLength(tx.outputs.length);
  for (const input of tx.inputs) n += 40 + compactSizeLength(input.scriptSig.length) + input.scriptSig.length;
  for (const output of tx.outputs) n += 8 + compactSizeLength(output.scriptPubKey.length) + output.scriptPubKey.length;
  if (witness && hasWitness(tx)) {
    n += 2;
    for (const input of tx.inputs) {
      n += compactSizeLength(input.witness.length);
      for (const item of input.witness) n += compactSizeLength(item.length) + item.length;
    }
  }
  return n;
}

export function writeTransaction(w: ByteWriter, tx: Transaction, witness = true): void {
  const segwit = witness && hasWitness(tx);
  w.u32(tx.version);
  if (segwit) {
    w.u8(0);
    w.u8(1);
  }
  w.compactSize(tx.inputs.length);
  for (const input of tx.inputs) {
    if (input.prevTxid.length !== 32) {
      throw new BlvmError('protocol', `tx: input prevout txid must be 32 bytes, got ${input.prevTxid.length}`);
    }
    w.bytes(input.prevTxid);
    w.u32(input.prevIndex);
    w.varBytes(input.scriptSig);
    w.u32(input.sequence);
  }
  w.compactSize(tx.outputs.length);
  for (const output of tx.outputs) {
    w.i64(output.value);
    w.varBytes(output.scriptPubKey);
  }
  if (segwit) {
    for (const input of tx.inputs) {
      w.compactSize(input.witness.length);
      for (const item of input.witness) w.varBytes(item);
    }
  }
  w.u32(tx.locktime);
}

/** Wire serialization: BIP144 (marker, flag, witnesses) when any input has a witness and `witness` is true. */
export function serializeTransaction(tx: Transaction, options: { witness?: boolean } = {}): Buffer {
  const witness = options.witness ?? true;
  const w = new ByteWriter(txSize(tx, witness));
  writeTransaction(w, tx, witness);
  return w.finish();
}

/** Transaction id (internal byte order): sha256d of the serialization without witness data. */
export function txid(tx: Transaction): Buffer {
  const src = sources.get(tx);
  if (src === undefined) return sha256d(serializeTransaction(tx, { witness: false }));
  if (src.witnessStart < 0) return sha256d(src.bytes);
  // Stripped serialization = version ‖ inputs and outputs (after marker and flag) ‖ locktime.
  const b = src.bytes;
  const ws = src.witnessStart;
  const stripped = Buffer.allocUnsafe(ws + 2);
  b.copy(stripped, 0, 0, 4);
  b.copy(stripped, 4, 6, ws);
  b.copy(stripped, ws - 2, b.length - 4);
  return sha256d(stripped);
}

/** Witness transaction id (BIP141): sha256d of the full serialization; equals txid without witness data. */
export function wtxid(tx: Transaction): Buffer {
  const src = sources.get(tx);
  if (src === undefined) return sha256d(serializeTransaction(tx));
  return sha256d(src.bytes);
}

/** A coinbase spends the null prevout (all-zero txid, index 0xffffffff) as its only input. */
export function isCoinbase(tx: Transaction): boolean {
  if (tx.inputs.length !== 1) return false;
  const input = tx.inputs[0];
  return input.prevIndex === 0xffffffff && isNullHash(input.prevTxid);
}

export function isNullHash(h: Uint8Array): boolean {
  for (let i = 0; i < h.length; i++) if (h[i] !== 0) return false;
  return true;
}
