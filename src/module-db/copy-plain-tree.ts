// Copies a module's store files (module-written, so untrusted) into a daemon-private dir:
// regular files and directories only; a link or anything else refuses the copy, naming it.
import { copyFile, lstat, mkdir, readdir } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';
import { BlvmError } from '../errors.js';

export async function copyPlainTree(from: string, to: string): Promise<void> {
  const info = await lstat(from);
  if (info.isDirectory()) {
    await mkdir(to, { mode: 0o700 });
    for (const entry of await readdir(from)) await copyPlainTree(join(from, entry), join(to, entry));
  } else if (info.isFile()) {
    await copyFile(from, to, constants.COPYFILE_EXCL);
  } else {
    const what = info.isSymbolicLink() ? 'a symbolic link' : 'not a regular file';
    throw new BlvmError('conflict', `${from} is ${what}; refusing to migrate through it (remove it first)`);
  }
}
