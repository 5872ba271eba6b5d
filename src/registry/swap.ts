// Exchanging a live module directory for a staged one, and back, with renames only. What
// belongs to this node (runtime data/ and the operator's config.toml) moves along with the
// live version.
import { lstat, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeConfig } from '../config/types.js';
import { scratchPath } from './paths.js';
import { LOCAL_ONLY_ENTRIES } from './tar-pack.js';

async function moveRuntimeData(from: string, to: string): Promise<void> {
  for (const name of LOCAL_ONLY_ENTRIES) {
    const source = join(from, name);
    if ((await lstat(source).catch(() => null)) === null) continue;
    await rename(source, join(to, name));
  }
}

export interface Swap {
  /** The live module directory (same path before and after). */
  dir: string;
  /** Where the previous version waits until the new one runs. */
  aside: string;
}

/** Moves the live version aside and the staged one into its place. */
export async function swapIn(config: NodeConfig, name: string, dir: string, staged: string): Promise<Swap> {
  const aside = scratchPath(config, `previous-${name}`);
  await rename(dir, aside);
  try {
    await rename(staged, dir);
  } catch (error) {
    await rename(aside, dir);
    throw error;
  }
  await moveRuntimeData(aside, dir);
  return { dir, aside };
}

/** Puts the previous version back and deletes the new one. */
export async function swapBack(config: NodeConfig, name: string, swap: Swap): Promise<void> {
  const failed = scratchPath(config, `failed-${name}`);
  await moveRuntimeData(swap.dir, swap.aside);
  await rename(swap.dir, failed);
  await rename(swap.aside, swap.dir);
  await rm(failed, { recursive: true, force: true });
}

/** The new version stays: the previous one is deleted. */
export async function dropPrevious(swap: Swap): Promise<void> {
  await rm(swap.aside, { recursive: true, force: true });
}
