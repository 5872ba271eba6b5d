// Crash-safe files: written to a temp file, synced, then renamed over the old one, so a reader
// sees either the previous or the new content, never a torn write. Neither the temp file nor
// the file read is ever reached through a symbolic link (see no-follow.ts).
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { EXCLUSIVE_FLAGS, openRegular, READ_FLAGS } from './no-follow.js';

/**
 * Writes `text` to `file` atomically with exactly `mode`; the temp file is created O_EXCL|O_NOFOLLOW.
 * `sync = false` for state that means nothing after a power loss (the rename alone survives a crash of the daemon).
 */
export async function writeFileAtomic(file: string, text: string, mode = 0o600, sync = true): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  // A leftover of a crash (or a planted link) is removed, never followed: rm unlinks the link itself.
  await rm(temp, { force: true });
  const handle = await openRegular(temp, EXCLUSIVE_FLAGS, mode);
  try {
    await handle.writeFile(text);
    await handle.chmod(mode);
    if (sync) await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export interface JsonWriteOptions {
  mode?: number;
  /** False for runtime state whose directory was made at start: a removed directory stays removed and the write fails. */
  createParent?: boolean;
  /** False: not fsynced (see writeFileAtomic). */
  sync?: boolean;
}

export async function writeJsonAtomic(file: string, value: unknown, { mode = 0o600, createParent = true, sync = true }: JsonWriteOptions = {}): Promise<void> {
  if (createParent) await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, mode, sync);
}

/** Parsed JSON of `file`, or undefined when the file does not exist. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    const handle = await openRegular(file, READ_FLAGS);
    try {
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return JSON.parse(text) as unknown;
}
