// Copies a module tree (module.toml, entry point, every file the tree hash covers) into a
// daemon-private staging directory as plain regular files, so verification and spawning use
// bytes nobody else can change any more.
import { constants } from 'node:fs';
import { mkdir, open, readFile, realpath } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { BlvmError } from '../errors.js';
import { entryPointTextProblem } from '../manifest/check-core.js';
import { validateManifestText } from '../manifest/parse.js';
import { errnoCode, isInside } from '../manifest/paths.js';
import { MANIFEST_FILE } from '../manifest/types.js';
import { walkTreeFiles } from './tree.js';

const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

// One file, opened without following a final symlink (a swap after the walk is caught here) and
// refused unless it is a regular file; the copy keeps only whether it was executable.
async function copyFile(source: string, target: string, rel: string): Promise<void> {
  let input;
  try {
    input = await open(source, READ_FLAGS);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ELOOP') throw new BlvmError('integrity_failed', `${rel} is a symlink (or became one while it was copied): refused`, { cause: error });
    if (code === 'ENOENT') throw new BlvmError('integrity_failed', `${rel} disappeared while it was copied`, { cause: error });
    throw new BlvmError('io', `${rel} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  try {
    const info = await input.stat();
    if (!info.isFile()) throw new BlvmError('integrity_failed', `${rel} is not a regular file: refused`);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const output = await open(target, WRITE_FLAGS, (info.mode & 0o111) !== 0 ? 0o700 : 0o600);
    try {
      const buffer = Buffer.allocUnsafe(64 * 1024);
      for (;;) {
        const { bytesRead } = await input.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        await output.write(buffer, 0, bytesRead);
      }
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

/** The entry point the copied (still unverified) manifest names, when it is a usable relative path. */
async function entryPointOf(copiedManifest: string): Promise<string | null> {
  const { raw } = validateManifestText(await readFile(copiedManifest, 'utf8'), copiedManifest);
  const entry = raw?.entry_point;
  return typeof entry === 'string' && entryPointTextProblem(entry) === undefined ? posix.normalize(entry) : null;
}

// The entry point may be a symlink inside the module, like for checkEntryPoint; a missing one is
// left for the verification of the copy to report.
async function copyEntryPoint(root: string, target: string, entry: string): Promise<void> {
  let real: string;
  try {
    real = await realpath(join(root, entry));
  } catch {
    return;
  }
  if (!isInside(root, real)) throw new BlvmError('integrity_failed', `entry point ${entry}: resolves outside the module directory`);
  await copyFile(real, join(target, entry), entry);
}

/**
 * Copies the module at `source` into the empty directory `target`. Symlinks inside the module are
 * copied as the files they point to (as the tree hash sees them); one leaving the module, a
 * FIFO, socket or device is refused.
 */
export async function copyModuleTree(source: string, target: string): Promise<void> {
  const root = await realpath(source);
  await copyFile(join(root, MANIFEST_FILE), join(target, MANIFEST_FILE), MANIFEST_FILE);
  const entry = await entryPointOf(join(target, MANIFEST_FILE));
  if (entry !== null) await copyEntryPoint(root, target, entry);
  for (const file of await walkTreeFiles(root, entry ?? MANIFEST_FILE, { refuseSpecial: true })) {
    await copyFile(file.source, join(target, file.path), file.path);
  }
}
