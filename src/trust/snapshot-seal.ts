// File modes of a snapshot: sealed read-only for everyone (files 0444, executables 0555,
// directories 0555), and removable again by the daemon when it is garbage.
import { chmod, lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const READ_ONLY_FILE = 0o444;
const EXECUTABLE_FILE = 0o555;
const READ_ONLY_DIR = 0o555;

/** Seals a tree bottom-up, so no directory is read-only before its content is. */
export async function sealReadOnly(dir: string): Promise<void> {
  for (const item of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) await sealReadOnly(path);
    else if (item.isFile()) await chmod(path, ((await lstat(path)).mode & 0o100) !== 0 ? EXECUTABLE_FILE : READ_ONLY_FILE);
  }
  await chmod(dir, READ_ONLY_DIR);
}

/** Whether a sealed entry still has the mode sealing gave it (a cheap tamper check). */
export function isSealedMode(mode: number, kind: 'file' | 'executable' | 'dir'): boolean {
  const want = kind === 'dir' ? READ_ONLY_DIR : kind === 'executable' ? EXECUTABLE_FILE : READ_ONLY_FILE;
  return (mode & 0o7777) === want;
}

// Directories become writable again first: without root, a 0555 directory cannot be emptied.
async function unseal(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  for (const item of await readdir(dir, { withFileTypes: true })) {
    if (item.isDirectory()) await unseal(join(dir, item.name));
  }
}

/** Removes a (possibly sealed) snapshot or staging tree; a missing one is fine. */
export async function removeTree(dir: string): Promise<void> {
  const info = await lstat(dir).catch(() => null);
  if (info === null) return;
  if (info.isDirectory()) await unseal(dir).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}
