// HASH160 apart from hash.ts: the SDK imports hash.ts and stays free of non-built-in packages.
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from './hash.js';

/** RIPEMD160(SHA256(data)): the 20-byte key and script hash of P2PKH, P2WPKH and P2SH. */
export function hash160(data: Uint8Array): Uint8Array {
  return ripemd160(sha256(data));
}
