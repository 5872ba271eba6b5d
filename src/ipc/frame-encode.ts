// Frame = 4-byte big-endian unsigned payload length + UTF-8 JSON payload.
import { BlvmError } from '../errors.js';

export const FRAME_HEADER_BYTES = 4;
/** Default largest payload accepted or sent: 16 MiB. */
export const DEFAULT_MAX_FRAME = 16 * 1024 * 1024;
const MAX_REPRESENTABLE = 0xffffffff;

/** Encodes one value as a frame; refuses payloads larger than maxFrame (when given). */
export function encodeFrame(value: unknown, maxFrame: number = MAX_REPRESENTABLE): Buffer {
  const json = JSON.stringify(value);
  if (json === undefined) throw new BlvmError('protocol', `cannot encode a frame from a ${typeof value} value`);
  return encodeJsonFrame(json, maxFrame);
}

/** Frames a payload that is already JSON text (encoded once, sent to many peers). */
export function encodeJsonFrame(json: string, maxFrame: number = MAX_REPRESENTABLE): Buffer {
  const length = Buffer.byteLength(json, 'utf8');
  const limit = Math.min(maxFrame, MAX_REPRESENTABLE);
  if (length > limit) {
    throw new BlvmError('protocol', `outgoing frame of ${length} bytes exceeds the maximum of ${limit} bytes`);
  }
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  frame.writeUInt32BE(length, 0);
  frame.write(json, FRAME_HEADER_BYTES, 'utf8');
  return frame;
}

/**
 * Frames many payloads, each already UTF-8 bytes in two parts (a per-peer head and a body
 * shared by every peer), into one buffer: one allocation and plain copies, no text encoding.
 */
export function encodeSplitFrames(heads: readonly Buffer[], bodies: readonly Buffer[], maxFrame: number = MAX_REPRESENTABLE): Buffer {
  const limit = Math.min(maxFrame, MAX_REPRESENTABLE);
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
  return batch;
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

/**
 * The socket is done with a batch from encodeSplitFrames (its write completed or failed): its
 * bytes may be reused. Call once per batch, and only when nothing reads it any more; a batch
 * never released is simply never reused.
 */
export function releaseSplitFrames(batch: Buffer): void {
  const owner = slabs.get(batch.buffer as ArrayBuffer);
  if (owner === undefined || owner.outstanding === 0) return;
  owner.outstanding -= 1;
  if (owner.outstanding > 0) return;
  owner.used = 0;
  if (owner !== slab && spare.length < MAX_SPARE_SLABS) spare.push(owner);
}
