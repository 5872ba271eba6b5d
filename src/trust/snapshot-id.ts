// The content address of a verified snapshot: computed from the copy itself, after verification.
import { join, posix } from 'node:path';
import { MANIFEST_FILE, type Manifest } from '../manifest/types.js';
import { computeBinaryHash } from './binary.js';
import { HASH_PREFIX, hashFile, sha256Hex } from './hash.js';
import { computeTreeHash } from './tree.js';

export interface SnapshotContent {
  /** 64 hex: sha256 over the manifest, entry point and tree hashes (docs/trust.md). */
  id: string;
  manifestHash: string;
  entryHash: string;
  treeHash: string;
}

/** The id of given content hashes; a different module.toml, entry point or any tree file changes it. */
export function snapshotId(entryPoint: string, hashes: Omit<SnapshotContent, 'id'>): string {
  const strip = (hash: string) => hash.slice(HASH_PREFIX.length);
  return sha256Hex(
    `blvm-verified-snapshot/1\nmodule.toml ${strip(hashes.manifestHash)}\nentry ${posix.normalize(entryPoint)} ${strip(hashes.entryHash)}\ntree ${strip(hashes.treeHash)}\n`,
  );
}

/** Hashes the module.toml, entry point and tree of the snapshot directory and derives its id. */
export async function snapshotContent(dir: string, manifest: Manifest): Promise<SnapshotContent> {
  const manifestHash = await hashFile(join(dir, MANIFEST_FILE));
  const entryHash = (await computeBinaryHash(dir, manifest.entry_point)).hash;
  const treeHash = await computeTreeHash(dir, manifest.entry_point);
  const hashes = { manifestHash, entryHash, treeHash };
  return { id: snapshotId(manifest.entry_point, hashes), ...hashes };
}
