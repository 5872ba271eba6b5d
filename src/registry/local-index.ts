// The index.json of a registry directory on this machine, as `blvm registry publish` reads
// and rewrites it: never trusted unless one of the publishing keys signed what it holds.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BlvmError } from '../errors.js';
import { errnoCode } from '../manifest/paths.js';
import { verifyDigest } from '../trust/secp.js';
import { parseIndex, type ParsedIndex } from './index-parse.js';
import { INDEX_FILE } from './index-types.js';

/** The current index of `registryDir`, or undefined for a new registry. */
export async function readLocalIndex(registryDir: string, publicKeys: string[]): Promise<ParsedIndex | undefined> {
  const file = join(registryDir, INDEX_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw new BlvmError('io', `${file}: cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const index = parseIndex(text, file);
  const digest = index.digest;
  const vouched = index.signatures.some((s) => publicKeys.includes(s.public_key.toLowerCase()) && verifyDigest(s.signature, digest, s.public_key.toLowerCase()));
  if (!vouched) {
    throw new BlvmError('signature_failed', `${file} carries no valid signature by the given key(s): it was changed since it was signed, or belongs to other keys; refusing to re-sign it`);
  }
  return index;
}

/** Writes a file through a hidden temporary file and a rename: readers see old or new, never half. */
export async function writeAtomically(file: string, dir: string, data: Buffer | string): Promise<void> {
  const tmp = join(dir, `.publish-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data, { mode: 0o644 });
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
}
