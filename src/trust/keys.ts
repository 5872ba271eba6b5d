// Maintainer keys: generation, public key derivation, manifest signing and key files.
import { createECDH } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { BlvmError } from '../errors.js';
import type { Manifest } from '../manifest/types.js';
import { errnoCode } from '../manifest/paths.js';
import { manifestDigest } from './canonical.js';
import { fromHex, PRIVATE_KEY_HEX, secp, toHex } from './secp.js';

/** A fresh random secp256k1 private key, 64 lowercase hex chars. */
export function generatePrivateKey(): string {
  return toHex(secp.utils.randomSecretKey());
}

function privateKeyBytes(privHex: string): Uint8Array {
  const bytes = PRIVATE_KEY_HEX.test(privHex) ? fromHex(privHex) : undefined;
  if (bytes === undefined || !secp.utils.isValidSecretKey(bytes)) {
    throw new BlvmError('usage', 'private key must be 64 hex characters encoding a valid secp256k1 scalar');
  }
  return bytes;
}

/**
 * Compressed public key (66 lowercase hex chars) of a hex private key. OpenSSL's multiplication:
 * @noble/secp256k1's first multiplication by the generator builds a table of ~4 000 points that
 * then stays in the heap (0.9 MiB), and the daemon derives its identity key's public key at every
 * start (docs/benchmarks.md, "Idle daemon", fifth pass).
 */
export function publicKeyOf(privHex: string): string {
  const ecdh = createECDH('secp256k1');
  ecdh.setPrivateKey(privateKeyBytes(privHex));
  return ecdh.getPublicKey('hex', 'compressed');
}

/** Compact low-S signature (128 hex chars) over a 32-byte digest. */
export function signDigest(digest: Uint8Array, privHex: string): string {
  return toHex(secp.sign(digest, privateKeyBytes(privHex), { prehash: false, lowS: true }));
}

/** Compact low-S signature (128 hex chars) over the manifest's canonical digest. */
export function signManifest(manifest: Manifest, privHex: string): string {
  return signDigest(manifestDigest(manifest), privHex);
}

/** Reads a key file written by `blvm keygen`, refusing files others can read. */
export async function readPrivateKeyFile(path: string): Promise<string> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') throw new BlvmError('not_found', `key file ${path} does not exist`, { cause: error });
    throw new BlvmError('io', `key file ${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  if (!info.isFile()) throw new BlvmError('io', `key file ${path} is not a regular file`);
  if ((info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
    throw new BlvmError('policy_denied', `key file ${path} is readable by group or others (mode ${mode}); run chmod 600 ${path}`);
  }
  const text = (await readFile(path, 'utf8')).trim();
  if (!PRIVATE_KEY_HEX.test(text) || !secp.utils.isValidSecretKey(fromHex(text))) {
    throw new BlvmError('io', `key file ${path} does not hold a private key (expected 64 hex characters and a newline)`);
  }
  return text.toLowerCase();
}
