// Frame = 4-byte big-endian unsigned payload length + UTF-8 JSON payload.
import { BlvmError } from '../errors.js';
import { SplitFrameTemplate } from './split-frame-template.js';

export const FRAME_HEADER_BYTES = 4;
/** Default largest payload accepted or sent: 16 MiB. */
export const DEFAULT_MAX_FRAME = 16 * 1024 * 1024;
const MAX_REPRESENTABLE = 0xffffffff;

/** Encodes one value as a frame; refuses payloads larger than maxFrame (when given). */
export function encodeFrame(value: unknown, maxFrame: number = MAX_REPRESENTABLE): Buffer {
  return encodeJsonFrame(payloadJson(value), maxFrame);
}

/** A frame's payload text; throws BlvmError('protocol') for a value JSON cannot represent (undefined, a function). */
export function payloadJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new BlvmError('protocol', `cannot encode a frame from a ${typeof value} value`);
  return json;
}

/** Frames a payload that is already JSON text (encoded once, sent to many peers). */
export function encodeJsonFrame(json: string, maxFrame: number = MAX_REPRESENTABLE): Buffer {
  const length = jsonPayloadBytes(json, maxFrame);
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  frame.writeUInt32BE(length, 0);
  frame.write(json, FRAME_HEADER_BYTES, 'utf8');
  return frame;
}

/** The UTF-8 size of a JSON payload; throws BlvmError('protocol') when it is larger than maxFrame. */
export function jsonPayloadBytes(json: string, maxFrame: number = MAX_REPRESENTABLE): number {
  const length = Buffer.byteLength(json, 'utf8');
  const limit = Math.min(maxFrame, MAX_REPRESENTABLE);
  if (length > limit) {
    throw new BlvmError('protocol', `outgoing frame of ${length} bytes exceeds the maximum of ${limit} bytes`);
  }
  return length;
}

/**
 * Frames JSON payloads (each already checked against the frame limit) into one buffer: a
 * turn's frames leave as one write. A small batch is written into a reused scratch buffer
 * with room for its largest possible UTF-8 size (3 bytes per UTF-16 unit), each frame's size
 * read from what was written, then copied out at its exact size: no text is measured first
 * and no room is left unused in what the socket holds. A large batch is measured instead.
 */
export function encodeJsonFrames(texts: readonly string[]): Buffer {
  let room = 0;
  for (const text of texts) room += FRAME_HEADER_BYTES + text.length * 3;
  if (room <= scratch.length) {
    const size = writeJsonFrames(scratch, texts);
    const batch = Buffer.allocUnsafe(size);
    scratch.copy(batch, 0, 0, size);
    return batch;
  }
  let total = 0;
  for (const text of texts) total += FRAME_HEADER_BYTES + Buffer.byteLength(text, 'utf8');
  const batch = Buffer.allocUnsafe(total);
  writeJsonFrames(batch, texts);
  return batch;
}

const scratch = Buffer.allocUnsafeSlow(64 * 1024);

// Writes each text after a header holding its UTF-8 size; returns the bytes used.
function writeJsonFrames(into: Buffer, texts: readonly string[]): number {
  let offset = 0;
  for (const text of texts) {
    const size = into.write(text, offset + FRAME_HEADER_BYTES, 'utf8');
    into.writeUInt32BE(size, offset);
    offset += FRAME_HEADER_BYTES + size;
  }
  return offset;
}

/** Throws BlvmError('protocol') when a payload is larger than maxFrame, measuring it only when it could be. */
export function checkPayloadSize(json: string, maxFrame: number = MAX_REPRESENTABLE): void {
  if (json.length * 3 > Math.min(maxFrame, MAX_REPRESENTABLE)) jsonPayloadBytes(json, maxFrame);
}

/**
 * Frames many payloads, each already UTF-8 bytes in two parts (a per-peer head and a body
 * shared by every peer), into one buffer: one allocation and plain copies, no text encoding.
 * A batch of the same bodies as one of the last few in this turn, with heads of the same
 * sizes (the next subscriber in step, in a fan-out), is a copy of that batch with the heads'
 * differing bytes rewritten.
 */
export function encodeSplitFrames(heads: readonly Buffer[], bodies: readonly Buffer[], maxFrame: number = MAX_REPRESENTABLE): Buffer {
  const limit = Math.min(maxFrame, MAX_REPRESENTABLE);
  for (const kept of keptSplitBatches) {
    if (!kept.matches(heads, bodies, limit)) continue;
    const batch = slabBytes(kept.length);
    kept.writeInto(batch, heads);
    return batch;
  }
  let total = 0;
  for (let i = 0; i < bodies.length; i++) {
    const length = heads[i].length + bodies[i].length;
    if (length > limit) throw new BlvmError('protocol', `outgoing frame of ${length} bytes exceeds the maximum of ${limit} bytes`);
    total += FRAME_HEADER_BYTES + length;
  }
  const batch = slabBytes(total);
  let offset = 0;
  for (let i = 0; i < bodies.length; i++) {
    batch.writeUInt32BE(heads[i].length + bodies[i].length, offset);
    offset += FRAME_HEADER_BYTES;
    batch.set(heads[i], offset);
    offset += heads[i].length;
    batch.set(bodies[i], offset);
    offset += bodies[i].length;
  }
  keepSplitBatch(heads, bodies, batch);
  return batch;
}

/** Batches kept for the next subscribers in step: one per distinct run of events (subscribers with different filters, or behind). */
const keptSplitBatches = Array.from({ length: 4 }, () => new SplitFrameTemplate(FRAME_HEADER_BYTES));
let nextKept = 0;
let forgetScheduled = false;

// Replaces the kept batch used longest ago; the kept batches are let go after this turn.
function keepSplitBatch(heads: readonly Buffer[], bodies: readonly Buffer[], batch: Buffer): void {
  holdSplitFrames(batch);
  releaseSplitFrames(keptSplitBatches[nextKept].keep(heads, bodies, batch));
  nextKept = (nextKept + 1) % keptSplitBatches.length;
  if (forgetScheduled) return;
  forgetScheduled = true;
  setImmediate(forgetSplitBatches);
}

// The batches of one flush (every subscriber's, in one turn) share; after it, the kept batches
// and the event bodies they refer to are let go rather than held while the bus is idle.
function forgetSplitBatches(): void {
  forgetScheduled = false;
  for (const kept of keptSplitBatches) releaseSplitFrames(kept.clear());
}

const SLAB_BYTES = 256 * 1024;
const SLAB_MAX_PIECE = 16 * 1024;
/** Slabs whose batches were all written, kept for the next ones (at most 1 MiB). */
const MAX_SPARE_SLABS = 4;

interface Slab {
  bytes: Buffer;
  used: number;
  /** Batches cut from it and not yet released. */
  outstanding: number;
}

const slabs = new WeakMap<ArrayBuffer, Slab>();
const spare: Slab[] = [];
let slab = newSlab();

function newSlab(): Slab {
  const made: Slab = { bytes: Buffer.allocUnsafeSlow(SLAB_BYTES), used: 0, outstanding: 0 };
  slabs.set(made.bytes.buffer as ArrayBuffer, made);
  return made;
}

// Batches for many sockets per turn: slices of a shared slab instead of one ArrayBuffer
// allocation each (Node's own pool only serves pieces under 4 KiB). A slice is never
// overwritten before it is released; a slab with no unreleased slice is reused, so a steady
// stream of events touches the same few slabs instead of fresh memory (page faults, GC).
function slabBytes(size: number): Buffer {
  if (size > SLAB_MAX_PIECE) return Buffer.allocUnsafe(size);
  if (slab.used + size > SLAB_BYTES) {
    if (slab.outstanding === 0) slab.used = 0;
    else slab = spare.pop() ?? newSlab();
  }
  const piece = slab.bytes.subarray(slab.used, slab.used + size);
  slab.used = (slab.used + size + 7) & ~7;
  slab.outstanding += 1;
  return piece;
}

// One more user of a batch (the kept template): its bytes are not reused until it is released too.
function holdSplitFrames(batch: Buffer): void {
  const owner = slabs.get(batch.buffer as ArrayBuffer);
  if (owner !== undefined) owner.outstanding += 1;
}

/**
 * The socket is done with a batch from encodeSplitFrames (its write completed or failed): its
 * bytes may be reused. Call once per batch, and only when nothing reads it any more; a batch
 * never released is simply never reused.
 */
export function releaseSplitFrames(batch: Buffer | null): void {
  if (batch === null) return;
  const owner = slabs.get(batch.buffer as ArrayBuffer);
  if (owner === undefined || owner.outstanding === 0) return;
  owner.outstanding -= 1;
  if (owner.outstanding > 0) return;
  owner.used = 0;
  if (owner !== slab && spare.length < MAX_SPARE_SLABS) spare.push(owner);
}
