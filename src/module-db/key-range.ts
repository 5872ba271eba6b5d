// Key checks and range normalisation shared by the backends: every range becomes [gte, lt) over
// the keys' UTF-8 bytes (the key right after k is k + 0x00), so the backends agree on order.
import { BlvmError } from '../errors.js';
import type { ByteRange, KvRange } from './kv-types.js';

/** lmdb's key limit is 1978 bytes; one cap for every backend keeps stores portable. */
export const MAX_KEY_BYTES = 1024;

export function keyBytes(key: unknown): Buffer {
  if (typeof key !== 'string' || key === '') throw new BlvmError('usage', `kv key: expected a non-empty string, got ${JSON.stringify(key)}`);
  const bytes = Buffer.from(key, 'utf8');
  if (bytes.length > MAX_KEY_BYTES) throw new BlvmError('usage', `kv key "${key.slice(0, 40)}…": ${bytes.length} bytes, at most ${MAX_KEY_BYTES}`);
  return bytes;
}

export function encodeValue(key: string, value: unknown): string {
  const text = value === undefined ? undefined : JSON.stringify(value);
  if (text === undefined) throw new BlvmError('usage', `kv value of "${key}": expected a JSON value, got undefined`);
  return text;
}

const after = (bytes: Buffer): Buffer => Buffer.concat([bytes, Buffer.from([0])]);

/** The smallest byte string greater than every string starting with `prefix`, or none. */
function prefixEnd(prefix: Buffer): Buffer | undefined {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i -= 1) {
    if (end[i] < 0xff) {
      end[i] += 1;
      return end.subarray(0, i + 1);
    }
  }
  return undefined;
}

const max = (a: Buffer | undefined, b: Buffer | undefined) => (a === undefined ? b : b === undefined ? a : Buffer.compare(a, b) >= 0 ? a : b);
const min = (a: Buffer | undefined, b: Buffer | undefined) => (a === undefined ? b : b === undefined ? a : Buffer.compare(a, b) <= 0 ? a : b);

export function byteRange(range: KvRange = {}): ByteRange {
  let gte = range.gte !== undefined ? keyBytes(range.gte) : undefined;
  if (range.gt !== undefined) gte = max(gte, after(keyBytes(range.gt)));
  let lt = range.lt !== undefined ? keyBytes(range.lt) : undefined;
  if (range.lte !== undefined) lt = min(lt, after(keyBytes(range.lte)));
  if (range.prefix !== undefined && range.prefix !== '') {
    const prefix = Buffer.from(range.prefix, 'utf8');
    gte = max(gte, prefix);
    lt = min(lt, prefixEnd(prefix));
  }
  const limit = range.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new BlvmError('usage', `kv range limit: expected a non-negative integer, got ${limit}`);
  return { gte, lt, limit, reverse: range.reverse === true };
}

/** True when `key` lies inside [gte, lt). */
export function inRange(key: Buffer, range: ByteRange): boolean {
  return (range.gte === undefined || Buffer.compare(key, range.gte) >= 0) && (range.lt === undefined || Buffer.compare(key, range.lt) < 0);
}
