// File operations of the daemon (root) on paths a module may once have been able to write:
// no symbolic link is ever followed and only regular files are opened, so a planted link can
// never turn a daemon write (log, config) into a write to a host file. See issue 13.
import { constants } from 'node:fs';
import { lchown, lstat, mkdir, open, readdir, rename, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { BlvmError } from '../errors.js';

const { O_RDONLY, O_WRONLY, O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_DIRECTORY } = constants;

/** Flags of an append-only log file. */
export const APPEND_FLAGS = O_WRONLY | O_APPEND | O_CREAT;
/** Flags of a fresh temp file that must not exist yet (not even as a dangling link). */
export const EXCLUSIVE_FLAGS = O_WRONLY | O_CREAT | O_EXCL;
export const READ_FLAGS = O_RDONLY;

export interface Owner {
  uid: number;
  gid: number;
}

const linkRefused = (file: string, cause?: unknown): BlvmError =>
  new BlvmError('conflict', `${file} is a symbolic link; refusing to follow it`, cause === undefined ? {} : { cause });

/**
 * Opens `file` with O_NOFOLLOW (and O_NONBLOCK, so a FIFO cannot hang the daemon) and refuses
 * anything but a regular file, naming the path.
 */
export async function openRegular(file: string, flags: number, mode?: number): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(file, flags | O_NOFOLLOW | O_NONBLOCK, mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw linkRefused(file, err);
    throw err;
  }
  const info = await handle.stat().catch(async (err: unknown) => {
    await handle.close();
    throw err;
  });
  if (!info.isFile()) {
    await handle.close();
    throw new BlvmError('conflict', `${file} is not a regular file; refusing to use it`);
  }
  return handle;
}

function componentsBelow(base: string, target: string): string[] {
  const rel = path.relative(base, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new BlvmError('internal', `${target} is not inside ${base}`);
  const parts = rel.split(path.sep).filter(Boolean);
  return parts.map((_, i) => path.join(base, ...parts.slice(0, i + 1)));
}

/** Refuses when an existing component of `target` below `base` is a symbolic link. */
export async function assertNoLinkBelow(base: string, target: string): Promise<void> {
  for (const current of componentsBelow(base, target)) {
    const info = await lstat(current).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (info === null) return;
    if (info.isSymbolicLink()) throw linkRefused(current);
  }
}

/**
 * Creates `dir` below `base` one component at a time (never through a link; intermediates 0755),
 * then sets its mode and owner through a no-follow handle, so the fix-up cannot be redirected.
 */
export async function makeDirBelow(base: string, dir: string, mode: number, owner?: Owner): Promise<void> {
  const parts = componentsBelow(base, dir);
  for (const current of parts) {
    await mkdir(current, { mode: current === dir ? mode : 0o755 }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    const info = await lstat(current);
    if (info.isSymbolicLink()) throw linkRefused(current);
    if (!info.isDirectory()) throw new BlvmError('conflict', `${current} is not a directory; refusing to use it`);
  }
  const handle = await open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  try {
    if (owner) await handle.chown(owner.uid, owner.gid);
    await handle.chmod(mode);
  } finally {
    await handle.close();
  }
}

/** rename(2) after checking that neither side's directory below `base` goes through a link. */
export async function renameBelow(base: string, from: string, to: string): Promise<void> {
  await assertNoLinkBelow(base, path.dirname(from));
  await assertNoLinkBelow(base, path.dirname(to));
  await rename(from, to);
}

/** Gives everything below `dir` (not `dir` itself) to `owner`, changing links themselves, never their targets. */
export async function chownTreeBelow(dir: string, owner: Owner): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTreeBelow(file, owner);
    const info = await lstat(file);
    if (info.uid !== owner.uid || info.gid !== owner.gid) await lchown(file, owner.uid, owner.gid);
  }
}
