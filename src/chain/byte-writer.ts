import { BlvmError } from '../errors.js';

/** Bytes a CompactSize encoding of `n` takes. */
export function compactSizeLength(n: number): number {
  if (n < 0xfd) return 1;
  if (n <= 0xffff) return 3;
  if (n <= 0xffffffff) return 5;
  return 9;
}

// Writes into a buffer allocated once at its exact final size (callers compute the size
// first), so serialization does no resizing or concatenation.
export class ByteWriter {
  readonly buf: Buffer;
  pos = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  u8(v: number): void {
    this.buf[this.pos++] = v;
  }

  u32(v: number): void {
    this.pos = this.buf.writeUInt32LE(v >>> 0, this.pos);
  }

  i32(v: number): void {
    this.pos = this.buf.writeInt32LE(v | 0, this.pos);
  }

  i64(v: bigint): void {
    this.pos = this.buf.writeBigInt64LE(v, this.pos);
  }

  bytes(b: Uint8Array): void {
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  compactSize(n: number): void {
    if (n < 0xfd) {
      this.buf[this.pos++] = n;
    } else if (n <= 0xffff) {
      this.buf[this.pos++] = 0xfd;
      this.pos = this.buf.writeUInt16LE(n, this.pos);
    } else if (n <= 0xffffffff) {
      this.buf[this.pos++] = 0xfe;
      this.pos = this.buf.writeUInt32LE(n, this.pos);
    } else {
      this.buf[this.pos++] = 0xff;
      this.pos = this.buf.writeBigUInt64LE(BigInt(n), this.pos);
    }
  }

  varBytes(b: Uint8Array): void {
    this.compactSize(b.length);
    this.bytes(b);
  }

  /** The filled buffer; throws if the precomputed size was wrong (an internal bug, not bad input). */
  finish(): Buffer {
    if (this.pos !== this.buf.length) {
      throw new BlvmError('internal', `serializer wrote ${this.pos} bytes into a ${this.buf.length}-byte buffer`);
    }
    return this.buf;
  }
}
