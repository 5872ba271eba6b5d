// @noble/secp256k1 with its synchronous hash hooks wired to @noble/hashes, plus the hex
// encodings used in manifests (compressed keys, compact low-S signatures).
import * as secp from '@noble/secp256k1';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

secp.hashes.sha256 = sha256;
secp.hashes.hmacSha256 = (key, message) => hmac(sha256, key, message);

export { secp };

export const PUBLIC_KEY_HEX = /^0[23][0-9a-fA-F]{64}$/;
export const SIGNATURE_HEX = /^[0-9a-fA-F]{128}$/;
export const PRIVATE_KEY_HEX = /^[0-9a-fA-F]{64}$/;

export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
export const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));

/** The order n of secp256k1: r and s of a signature must both lie in 1 … n−1. */
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

function scalarProblem(label: 'r' | 's', hex: string): string | undefined {
  const value = BigInt(`0x${hex}`);
  if (value === 0n) return `${label} is zero`;
  if (value >= CURVE_ORDER) return `${label} is not below the curve order n`;
  return undefined;
}

/**
 * Why a signature string cannot be a compact ECDSA signature (wrong length, not hex, r or s
 * out of 1 … n−1), or undefined. Checked before any curve arithmetic, so one malformed
 * entry is one rejected signature and never an exception.
 */
export function signatureEncodingProblem(signatureHex: string): string | undefined {
  if (!SIGNATURE_HEX.test(signatureHex)) {
    return `malformed signature: expected 128 hex characters, got ${/^[0-9a-fA-F]*$/.test(signatureHex) ? `${signatureHex.length}` : 'a non-hex string'}`;
  }
  const problem = scalarProblem('r', signatureHex.slice(0, 64)) ?? scalarProblem('s', signatureHex.slice(64));
  return problem === undefined ? undefined : `malformed signature: ${problem}`;
}

/** Whether a compact signature (one signatureEncodingProblem accepts) has s in the upper half of the order. */
export function isHighS(signatureHex: string): boolean {
  return BigInt(`0x${signatureHex.slice(64)}`) > CURVE_ORDER >> 1n;
}

/** ECDSA check of a compact signature over a 32-byte digest (no further hashing). */
export function verifyDigest(signatureHex: string, digest: Uint8Array, publicKeyHex: string): boolean {
  try {
    return secp.verify(fromHex(signatureHex), digest, fromHex(publicKeyHex), { prehash: false, lowS: true });
  } catch {
    return false;
  }
}
