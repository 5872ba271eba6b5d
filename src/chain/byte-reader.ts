import { BlvmError } from '../errors.js';

/** Largest CompactSize value accepted anywhere (Bitcoin Core's MAX_SIZE, 32 MiB). */
export const MAX_COMPACT_SIZE = 0x02000000;

// Bounds-checked little-endian cursor over a byte view. Reads return subarray views, never
// copies, so parsing a 2 MB block allocates per field object, not per byte.
export class ByteReader {
  readonly buf: Buffer;
  pos: number;
  /** Index of the transaction being read inside a block, for error messages; -1 outside one. */
  txIndex = -1;
  private readonly what: string;

  constructor(bytes: Uint8Array, what: string, pos = 0) {
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = pos;
    this.what = what;
  }

  /** What is being read, as error messages name it ("block tx[12]"). */
  label(): string {
    return this.txIndex < 0 ? this.what : `${this.what} tx[${this.txIndex}]`;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  /** Throws unless `n` more bytes are available for `field`. */
  need(n: number, field: string): void {
    if (n > this.buf.length - this.pos) {
      throw new BlvmError(
        'protocol',
        `${this.label()}: truncated at offset ${this.pos} reading ${field}: needs ${n} bytes, ${this.remaining} left`,
      );
    }
  }

  u8(field: string): number {
    this.need(1, field);
    return this.buf[this.pos++];
  }

  u32(field: string): number {
    this.need(4, field);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  i32(field: string): number {
    this.need(4, field);
    const v = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  i64(field: string): bigint {
    this.need(8, field);
    const v = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    return v;
  }

  /** A view of the next `n` bytes (shares memory with the input). */
  bytes(n: number, field: string): Buffer {
    this.need(n, field);
    const view = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return view;
  }

  /** CompactSize integer; rejects non-canonical encodings and values above MAX_COMPACT_SIZE. */
  compactSize(field: string): number {
    const at = this.pos;
    const first = this.u8(field);
    let value: number;
    let min: number;
    if (first < 0xfd) return first;
    if (first === 0xfd) {
      this.need(2, field);
      value = this.buf.readUInt16LE(this.pos);
      this.pos += 2;
      min = 0xfd;
    } else if (first === 0xfe) {
      value = this.u32(field);
      min = 0x10000;
    } else {
      this.need(8, field);
      const big = this.buf.readBigUInt64LE(this.pos);
      this.pos += 8;
      if (big < 0x100000000n) {
        throw new BlvmError('protocol', `${this.label()}: non-canonical CompactSize for ${field} at offset ${at}: 0xff prefix for value ${big}`);
      }
      throw new BlvmError('protocol', `${this.label()}: CompactSize ${big} for ${field} at offset ${at} exceeds the maximum ${MAX_COMPACT_SIZE}`);
    }
    if (value < min) {
      throw new BlvmError(
        'protocol',
        `${this.label()}: non-canonical CompactSize for ${field} at offset ${at}: 0x${first.toString(16)} prefix for value ${value}`,
      );
    }
    if (value > MAX_COMPACT_SIZE) {
      throw new BlvmError('protocol', `${this.label()}: CompactSize ${value} for ${field} at offset ${at} exceeds the maximum ${MAX_COMPACT_SIZE}`);
    }
    return value;
  }

  /** An element count whose items take at least `minItemBytes` each: bounded by what is left, so no absurd allocation. */
  count(field: string, minItemBytes: number): number {
    const at = this.pos;
    const n = this.compactSize(field);
    if (n * minItemBytes > this.remaining) {
      throw new BlvmError(
        'protocol',
        `${this.label()}: ${field} at offset ${at} claims ${n} items (at least ${n * minItemBytes} bytes) but only ${this.remaining} bytes follow`,
      );
    }
    return n;
  }

  /** A CompactSize length followed by that many bytes, as a view. */
  varBytes(field: string): Buffer {
    const at = this.pos;
    const n = this.compactSize(field);
    if (n > this.remaining) {
      throw new BlvmError(
        'protocol',
        `${this.label()}: truncated at offset ${at} reading ${field}: length ${n} but only ${this.remaining} bytes left`,
      );
    }
    return this.bytes(n, field);
  }

  /** Throws if anything is left after a complete object. */
  expectEnd(): void {
    if (this.pos !== this.buf.length) {
      throw new BlvmError('protocol', `${this.label()}: ${this.remaining} trailing bytes after offset ${this.pos}`);
    }
  }
}
