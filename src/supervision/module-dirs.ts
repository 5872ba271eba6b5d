// The directories of one module, made safe before every start (issue 13): the module's own
// dir, logs/ and run/ belong to the daemon; db/ and work/ to the uid the module runs as. Nothing
// below the data dir may be a link, and leftovers of the layout before the split (a config.json
// the module could replace, a link in logs/) are removed or refused, never followed.
import { lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { BlvmError } from '../errors.js';
import { chownTreeBelow, makeDirBelow, type Owner } from '../process/no-follow.js';
import { legacyModuleFiles, modulePaths } from './module-paths.js';

/** The daemon's own uid/gid: owner of everything the module must not write. */
export function daemonOwner(): Owner {
  return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
}

async function ownerOf(dir: string): Promise<Owner | null> {
  const info = await lstat(dir).catch(() => null);
  return info ? { uid: info.uid, gid: info.gid } : null;
}

/** Refuses a log file that is not a regular file: the daemon would otherwise append through it. */
async function assertPlainLogs(logs: string): Promise<void> {
  for (const entry of await readdir(logs, { withFileTypes: true })) {
    if (!entry.name.startsWith('output.log') || entry.isFile()) continue;
    const what = entry.isSymbolicLink() ? 'a symbolic link' : 'not a regular file';
    throw new BlvmError('conflict', `${path.join(logs, entry.name)} is ${what}; refusing to write the module's log through it (remove it to start the module)`);
  }
}

/** A module-writable dir owned by `owner` (0700); what an earlier owner left in it is handed over. */
async function moduleOwnedDir(dataDir: string, dir: string, owner: Owner): Promise<void> {
  const before = await ownerOf(dir);
  await makeDirBelow(dataDir, dir, 0o700, owner);
  if (before && (before.uid !== owner.uid || before.gid !== owner.gid)) await chownTreeBelow(dir, owner);
}

export async function prepareModuleDirs(dataDir: string, name: string, owner: Owner): Promise<void> {
  const paths = modulePaths(dataDir, name);
  const daemon = daemonOwner();
  await makeDirBelow(dataDir, paths.root, 0o755, daemon);
  for (const legacy of legacyModuleFiles(dataDir, name)) {
    await rm(legacy, { force: true }).catch((err: unknown) => {
      throw new BlvmError('conflict', `cannot remove ${legacy} left by an older blvm: ${(err as Error).message}`, { cause: err });
    });
  }
  await makeDirBelow(dataDir, paths.logs, 0o700, daemon);
  await assertPlainLogs(paths.logs);
  await makeDirBelow(dataDir, paths.run, 0o755, daemon);
  await moduleOwnedDir(dataDir, paths.db, owner);
  await moduleOwnedDir(dataDir, paths.work, owner);
}
