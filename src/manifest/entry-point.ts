// Filesystem checks of `entry_point`: after resolving symlinks it must stay inside the
// module directory, exist, be a regular file and be executable by its owner.
import { lstat, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, isInside } from './paths.js';

export type EntryPointCheck = { ok: true; entryPath: string } | { ok: false; problem: string };

/** `dir` must already be a real (symlink-free) absolute path. */
export async function checkEntryPoint(dir: string, entryPoint: string): Promise<EntryPointCheck> {
  const shown = JSON.stringify(entryPoint);
  const target = join(dir, entryPoint);
  let real: string;
  try {
    real = await realpath(target);
  } catch (error) {
    const linkExists = await lstat(target).then(
      () => true,
      () => false,
    );
    if (linkExists) return { ok: false, problem: `${shown} is a symlink whose target does not exist` };
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return { ok: false, problem: `${shown} does not exist` };
    return { ok: false, problem: `${shown} cannot be resolved: ${(error as Error).message}` };
  }
  if (!isInside(dir, real)) return { ok: false, problem: `${shown} resolves outside the module directory (to ${real})` };
  const info = await stat(real);
  if (!info.isFile()) return { ok: false, problem: `${shown} is not a regular file` };
  if ((info.mode & 0o100) === 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
    return { ok: false, problem: `${shown} is not executable by its owner (mode ${mode}; run chmod u+x)` };
  }
  return { ok: true, entryPath: real };
}
