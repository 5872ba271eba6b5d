import { createHash } from 'node:crypto';
import { BlvmError } from '../errors.js';

/** SHA-256 applied twice (Bitcoin's hash for headers, transactions and merkle nodes). */
export function sha256d(data: Uint8Array): Buffer {
  return createHash('sha256').update(createHash('sha256').update(data).digest()).digest();
}

/** sha256d of the concatenation of `parts`, without building the concatenation. */
export function sha256dParts(parts: readonly Uint8Array[]): Buffer {
  const inner = createHash('sha256');
  for (const p of parts) inner.update(p);
  return createHash('sha256').update(inner.digest()).digest();
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
