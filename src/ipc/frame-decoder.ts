// Incremental frame decoder: turns arbitrary socket chunks into whole JSON objects.
import { BlvmError } from '../errors.js';
import { DEFAULT_MAX_FRAME, FRAME_HEADER_BYTES } from './frame-encode.js';

export type FrameObject = Record<string, unknown>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class FrameDecoder {
  readonly maxFrame: number;
  private limit: number;
  private chunks: Buffer[] = [];
  /** Bytes of chunks[0] already consumed (read past by offset, not cut off by a new view). */
  private consumed = 0;
  private buffered = 0;
  private failure: BlvmError | undefined;

  constructor(maxFrame: number = DEFAULT_MAX_FRAME) {
    if (!Number.isInteger(maxFrame) || maxFrame < 1) {
      throw new BlvmError('protocol', `maxFrame must be a positive integer, got ${maxFrame}`);
    }
    this.maxFrame = maxFrame;
    this.limit = maxFrame;
  }

  /** Bytes received but not yet returned as a frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  /** Largest payload accepted from now on (at most maxFrame): a peer not yet trusted gets a small one. */
  get frameLimit(): number {
    return this.limit;
  }

  set frameLimit(bytes: number) {
    this.limit = Math.min(bytes, this.maxFrame);
  }

  /**
   * Adds a chunk and returns every frame it completes. Throws BlvmError('protocol') on an
   * oversized length (checked from the header alone), bad UTF-8/JSON or a non-object; after
   * that the decoder stays failed, because the stream can no longer be trusted.
   */
  push(chunk: Buffer): unknown[] {
    this.append(chunk);
    const frames: unknown[] = [];
    for (let frame = this.next(); frame !== undefined; frame = this.next()) frames.push(frame);
    return frames;
  }

  /** Adds a chunk without decoding; next() then returns its frames one at a time. */
  append(chunk: Buffer): void {
    if (this.failure) throw this.failure;
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /**
   * The next whole frame, or undefined when more bytes are needed. One at a time, so that a
   * frame can change the limit applied to the frames behind it. Throws like push().
   */
  next(): FrameObject | undefined {
    if (this.failure) throw this.failure;
    try {
      if (this.buffered < FRAME_HEADER_BYTES) return undefined;
      const length = this.peekLength();
      if (length > this.limit) {
        throw new BlvmError('protocol', `frame of ${length} bytes exceeds the maximum of ${this.limit} bytes`);
      }
      if (this.buffered < FRAME_HEADER_BYTES + length) return undefined;
      this.skip(FRAME_HEADER_BYTES);
      return parsePayload(this.takeText(length));
    } catch (error) {
      this.failure = error instanceof BlvmError ? error : new BlvmError('protocol', String(error), { cause: error });
      this.chunks = [];
      this.consumed = 0;
      this.buffered = 0;
      throw this.failure;
    }
  }

  private peekLength(): number {
    const first = this.chunks[0];
    if (first.length - this.consumed >= FRAME_HEADER_BYTES) return first.readUInt32BE(this.consumed);
    const header = Buffer.concat([first.subarray(this.consumed), ...this.chunks.slice(1)], FRAME_HEADER_BYTES);
    return header.readUInt32BE(0);
  }

  // The next n bytes as text, decoded where they lie when they are in one chunk (no view, no copy).
  private takeText(n: number): string {
    if (n === 0) return '';
    const first = this.chunks[0];
    const start = this.consumed;
    if (first.length - start < n) return decodeUtf8(this.takeSpanning(n), 0, n);
    this.skip(n);
    return decodeUtf8(first, start, start + n);
  }

  // Removes n bytes that span chunks from the front, as one copy.
  private takeSpanning(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const head = this.chunks[0];
      const piece = Math.min(head.length - this.consumed, n - filled);
      head.copy(out, filled, this.consumed, this.consumed + piece);
      filled += piece;
      this.skip(piece);
    }
    return out;
  }

  // Moves past n bytes without making views of them.
  private skip(n: number): void {
    this.buffered -= n;
    let left = n;
    while (left > 0) {
      const rest = this.chunks[0].length - this.consumed;
      if (rest > left) {
        this.consumed += left;
        return;
      }
      left -= rest;
      this.chunks.shift();
      this.consumed = 0;
    }
  }
}

// Node's decoding replaces bad UTF-8 with U+FFFD; only a text holding one is checked strictly.
function decodeUtf8(bytes: Buffer, start: number, end: number): string {
  const text = bytes.toString('utf8', start, end);
  if (!text.includes('\uFFFD')) return text;
  try {
    utf8.decode(bytes.subarray(start, end));
  } catch (error) {
    throw new BlvmError('protocol', 'frame payload is not valid UTF-8', { cause: error });
  }
  return text;
}

function parsePayload(text: string): FrameObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BlvmError('protocol', `frame payload is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new BlvmError('protocol', `frame payload must be a JSON object, got ${kind}`);
  }
  return value as FrameObject;
}
