// Computes the [binary] section of a module: entry point hash and size, per-file listing
// of everything else, and the tree hash over that listing.
import { realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BlvmError } from '../errors.js';
import type { BinaryInfo } from '../manifest/types.js';
import { isInside } from '../manifest/paths.js';
import { HASH_PREFIX, hashFileWithSize } from './hash.js';
import { listTreeFiles, treeHashOf } from './tree.js';

export async function computeBinaryHash(dir: string, entryPoint: string): Promise<{ hash: string; size: number }> {
  const root = await realpath(dir);
  let target: string;
  try {
    target = await realpath(join(root, entryPoint));
  } catch (error) {
    throw new BlvmError('integrity_failed', `entry point ${entryPoint}: does not exist`, { cause: error });
  }
  if (!isInside(root, target)) throw new BlvmError('integrity_failed', `entry point ${entryPoint}: resolves outside the module directory`);
  if (!(await stat(target)).isFile()) throw new BlvmError('integrity_failed', `entry point ${entryPoint}: is not a regular file`);
  const { hex, size } = await hashFileWithSize(target);
  return { hash: HASH_PREFIX + hex, size };
}

export async function computeBinarySection(dir: string, entryPoint: string): Promise<BinaryInfo> {
  const { hash, size } = await computeBinaryHash(dir, entryPoint);
  const files = await listTreeFiles(dir, entryPoint);
  return { hash, size, tree_hash: treeHashOf(files), files };
}
