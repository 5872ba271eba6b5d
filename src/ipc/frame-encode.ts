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

/** Frames many JSON payloads into one buffer (one write for a whole batch). */
export function encodeJsonFrames(payloads: readonly string[], maxFrame: number = MAX_REPRESENTABLE): Buffer {
  const limit = Math.min(maxFrame, MAX_REPRESENTABLE);
  const lengths = payloads.map((json) => Buffer.byteLength(json, 'utf8'));
  let total = 0;
  for (const length of lengths) {
    if (length > limit) throw new BlvmError('protocol', `outgoing frame of ${length} bytes exceeds the maximum of ${limit} bytes`);
    total += FRAME_HEADER_BYTES + length;
  }
  const batch = Buffer.allocUnsafe(total);
  let offset = 0;
  payloads.forEach((json, i) => {
    batch.writeUInt32BE(lengths[i], offset);
    batch.write(json, offset + FRAME_HEADER_BYTES, 'utf8');
    offset += FRAME_HEADER_BYTES + lengths[i];
  });
  return batch;
}
