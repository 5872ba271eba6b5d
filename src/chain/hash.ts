import * as crypto from 'node:crypto';
import { BlvmError } from '../errors.js';

// node:crypto's one-shot hash() (Node ≥ 20.12) skips the Hash stream object createHash builds,
// which halves the cost of the ~10,000 small hashes a full block needs; older Node falls back.
const oneShot: ((algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer) | undefined =
  typeof crypto.hash === 'function' ? (crypto.hash as (a: string, d: Uint8Array, e: 'buffer') => Buffer) : undefined;

export function sha256(data: Uint8Array): Buffer {
  return oneShot !== undefined ? oneShot('sha256', data, 'buffer') : crypto.createHash('sha256').update(data).digest();
}

/** SHA-256 applied twice (Bitcoin's hash for headers, transactions and merkle nodes). */
export function sha256d(data: Uint8Array): Buffer {
  return sha256(sha256(data));
}

/** sha256d of the concatenation of `parts`. */
export function sha256dParts(parts: readonly Uint8Array[]): Buffer {
  const inner = crypto.createHash('sha256');
  for (const p of parts) inner.update(p);
  return sha256(inner.digest());
}

/** Display form of a 32-byte hash: the bytes reversed, as lowercase hex (how explorers and RPC show ids). */
export function toDisplayHex(hash: Uint8Array): string {
  return Buffer.from(hash).reverse().toString('hex');
}

/** Inverse of toDisplayHex: 64 hex digits in display order to internal byte order. */
export function fromDisplayHex(hex: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new BlvmError('usage', `expected a 64-hex-digit hash, got "${hex.length > 80 ? `${hex.slice(0, 80)}…` : hex}"`);
  }
  return Buffer.from(hex, 'hex').reverse();
}

/** The hash read as a little-endian 256-bit unsigned integer (how PoW compares it to the target). */
export function hashToBigInt(hash: Uint8Array): bigint {
  return BigInt(`0x${toDisplayHex(hash)}`);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

/** A 256-bit value as 64 hex digits, big-endian (the form chainwork and targets are shown in). */
export function uint256Hex(n: bigint): string {
  return n.toString(16).padStart(64, '0');
}
