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

/** Whether a well-formed 64-byte compact signature has s in the upper half of the order. */
export function isHighS(signatureHex: string): boolean {
  return secp.Signature.fromBytes(fromHex(signatureHex), 'compact').hasHighS();
}

/** ECDSA check of a compact signature over a 32-byte digest (no further hashing). */
export function verifyDigest(signatureHex: string, digest: Uint8Array, publicKeyHex: string): boolean {
  try {
    return secp.verify(fromHex(signatureHex), digest, fromHex(publicKeyHex), { prehash: false, lowS: true });
  } catch {
    return false;
  }
}
