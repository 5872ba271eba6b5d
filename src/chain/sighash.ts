// Signature hashes, as Bitcoin Core's SignatureHash computes them: legacy (the whole modified
// transaction, every hash type including the SIGHASH_SINGLE "one" quirk), BIP143 (segwit v0)
// and BIP341 (taproot key path). Per-transaction parts are computed once per transaction.
import { ByteWriter, compactSizeLength } from './byte-writer.js';
import { sha256, sha256d } from './hash.js';
import type { Transaction, TxOutput } from './types.js';

export const SIGHASH_ALL = 0x01;
export const SIGHASH_NONE = 0x02;
export const SIGHASH_SINGLE = 0x03;
export const SIGHASH_ANYONECANPAY = 0x80;
export const SIGHASH_DEFAULT = 0x00;

/** What an input spends: the amount and script of its previous output. */
export interface SpentOutput {
  value: bigint;
  scriptPubKey: Uint8Array;
}

// The uint256 1 that legacy SIGHASH_SINGLE signs when the input has no matching output.
const ONE = (() => {
  const b = Buffer.alloc(32);
  b[0] = 1;
  return b;
})();

/** Legacy sighash of input `index` with `scriptCode` (the spent script, no code separators in standard ones). */
export function legacySighash(tx: Transaction, index: number, scriptCode: Uint8Array, hashType: number): Buffer {
  const base = hashType & 0x1f;
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  if (base === SIGHASH_SINGLE && index >= tx.outputs.length) return ONE;
  const inputs = anyoneCanPay ? [index] : tx.inputs.map((_, i) => i);
  const outputs: TxOutput[] = base === SIGHASH_NONE ? [] : base === SIGHASH_SINGLE ? tx.outputs.slice(0, index + 1) : [...tx.outputs];
  let size = 4 + compactSizeLength(inputs.length) + compactSizeLength(outputs.length) + 4 + 4;
  for (const i of inputs) size += 40 + (i === index ? compactSizeLength(scriptCode.length) + scriptCode.length : 1);
  outputs.forEach((o, i) => (size += base === SIGHASH_SINGLE && i < index ? 9 : 8 + compactSizeLength(o.scriptPubKey.length) + o.scriptPubKey.length));
  const w = new ByteWriter(size);
  w.i32(tx.version);
  w.compactSize(inputs.length);
  for (const i of inputs) {
    const input = tx.inputs[i];
    const own = i === index;
    w.bytes(input.prevTxid);
    w.u32(input.prevIndex);
    w.varBytes(own ? scriptCode : Buffer.alloc(0));
    w.u32(!own && (base === SIGHASH_NONE || base === SIGHASH_SINGLE) ? 0 : input.sequence);
  }
  w.compactSize(outputs.length);
  outputs.forEach((o, i) => {
    if (base === SIGHASH_SINGLE && i < index) {
      w.i64(-1n);
      w.compactSize(0);
    } else {
      w.i64(o.value);
      w.varBytes(o.scriptPubKey);
    }
  });
  w.u32(tx.locktime);
  w.u32(hashType);
  return sha256d(w.finish());
}

function outputBytes(o: TxOutput): Buffer {
  const w = new ByteWriter(8 + compactSizeLength(o.scriptPubKey.length) + o.scriptPubKey.length);
  w.i64(o.value);
  w.varBytes(o.scriptPubKey);
  return w.finish();
}

/** The hashes BIP143 and BIP341 share across the inputs of one transaction, computed on first use. */
export class TxDigests {
  private cache = new Map<string, Buffer>();

  constructor(
    readonly tx: Transaction,
    /** The outputs every input spends, in input order (BIP341 needs all of them). */
    readonly spent?: readonly SpentOutput[],
  ) {}

  private memo(key: string, make: () => Buffer): Buffer {
    let v = this.cache.get(key);
    if (v === undefined) this.cache.set(key, (v = make()));
    return v;
  }

  prevouts(): Buffer {
    return this.memo('prevouts', () => Buffer.concat(this.tx.inputs.flatMap((i) => [i.prevTxid, u32(i.prevIndex)])));
  }

  sequences(): Buffer {
    return this.memo('sequences', () => Buffer.concat(this.tx.inputs.map((i) => u32(i.sequence))));
  }

  outputs(): Buffer {
    return this.memo('outputs', () => Buffer.concat(this.tx.outputs.map(outputBytes)));
  }

  amounts(): Buffer {
    return this.memo('amounts', () => Buffer.concat(this.requireSpent().map((s) => i64(s.value))));
  }

  scripts(): Buffer {
    return this.memo('scripts', () => Buffer.concat(this.requireSpent().map((s) => varBytes(s.scriptPubKey))));
  }

  single(key: string, make: () => Buffer): Buffer {
    return this.memo(key, make);
  }

  requireSpent(): readonly SpentOutput[] {
    if (this.spent === undefined || this.spent.length !== this.tx.inputs.length) throw new Error('taproot sighash needs the spent output of every input');
    return this.spent;
  }
}

/** BIP143 sighash of input `index` spending `amount` with `scriptCode`. */
export function segwitV0Sighash(d: TxDigests, index: number, scriptCode: Uint8Array, amount: bigint, hashType: number): Buffer {
  const tx = d.tx;
  const base = hashType & 0x1f;
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  const zero: Buffer = Buffer.alloc(32);
  const hashPrevouts = anyoneCanPay ? zero : d.single('v0-prevouts', () => sha256d(d.prevouts()));
  const hashSequence = anyoneCanPay || base === SIGHASH_SINGLE || base === SIGHASH_NONE ? zero : d.single('v0-sequences', () => sha256d(d.sequences()));
  let hashOutputs = zero;
  if (base !== SIGHASH_SINGLE && base !== SIGHASH_NONE) hashOutputs = d.single('v0-outputs', () => sha256d(d.outputs()));
  else if (base === SIGHASH_SINGLE && index < tx.outputs.length) hashOutputs = sha256d(outputBytes(tx.outputs[index]));
  const input = tx.inputs[index];
  return sha256d(
    Buffer.concat([i32(tx.version), hashPrevouts, hashSequence, input.prevTxid, u32(input.prevIndex), varBytes(scriptCode), i64(amount), u32(input.sequence), hashOutputs, u32(tx.locktime), u32(hashType)]),
  );
}

/** Hash types BIP341 defines; any other makes the signature invalid. */
export function isTaprootHashType(t: number): boolean {
  return t === SIGHASH_DEFAULT || (t & 0x7c) === 0 && (t & 0x03) !== 0;
}

/**
 * BIP341 key-path sighash of input `index` (ext_flag 0), or undefined when the hash type is
 * undefined or SIGHASH_SINGLE has no output at `index`.
 */
export function taprootSighash(d: TxDigests, index: number, hashType: number, annex?: Uint8Array): Buffer | undefined {
  if (!isTaprootHashType(hashType)) return undefined;
  const tx = d.tx;
  const base = hashType === SIGHASH_DEFAULT ? SIGHASH_ALL : hashType & 0x03;
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  if (base === SIGHASH_SINGLE && index >= tx.outputs.length) return undefined;
  const parts: Uint8Array[] = [Buffer.from([0x00, hashType]), i32(tx.version), u32(tx.locktime)];
  if (!anyoneCanPay) {
    parts.push(
      d.single('v1-prevouts', () => sha256(d.prevouts())),
      d.single('v1-amounts', () => sha256(d.amounts())),
      d.single('v1-scripts', () => sha256(d.scripts())),
      d.single('v1-sequences', () => sha256(d.sequences())),
    );
  }
  if (base !== SIGHASH_NONE && base !== SIGHASH_SINGLE) parts.push(d.single('v1-outputs', () => sha256(d.outputs())));
  parts.push(Buffer.from([annex === undefined ? 0 : 1]));
  const input = tx.inputs[index];
  if (anyoneCanPay) {
    const spent = d.requireSpent()[index];
    parts.push(input.prevTxid, u32(input.prevIndex), i64(spent.value), varBytes(spent.scriptPubKey), u32(input.sequence));
  } else {
    parts.push(u32(index));
  }
  if (annex !== undefined) parts.push(sha256(varBytes(annex)));
  if (base === SIGHASH_SINGLE) parts.push(sha256(outputBytes(tx.outputs[index])));
  return taggedHash('TapSighash', Buffer.concat(parts));
}

const tagHashes = new Map<string, Buffer>();

/** BIP340 tagged hash: SHA256(SHA256(tag) ‖ SHA256(tag) ‖ data). */
export function taggedHash(tag: string, data: Uint8Array): Buffer {
  let t = tagHashes.get(tag);
  if (t === undefined) tagHashes.set(tag, (t = sha256(Buffer.from(tag, 'utf8'))));
  return sha256(Buffer.concat([t, t, data]));
}

function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

function i32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32LE(n | 0);
  return b;
}

function i64(n: bigint): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64LE(n);
  return b;
}

function varBytes(data: Uint8Array): Buffer {
  const w = new ByteWriter(compactSizeLength(data.length) + data.length);
  w.varBytes(data);
  return w.finish();
}
