// The directory of verified snapshots (data/run/verified/): staging, atomic placement under the
// content address, re-use of an intact existing snapshot, and garbage collection that never
// removes a snapshot in use. Placement and collection take turns, so neither sees the other half done.
import { lstat, mkdir, mkdtemp, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../manifest/paths.js';
import { MANIFEST_FILE } from '../manifest/types.js';
import { hashFile } from './hash.js';
import { isSealedMode, removeTree } from './snapshot-seal.js';

const STAGING_PREFIX = '.staging-';
const SNAPSHOT_NAME = /^[0-9a-f]{64}$/;

export class SnapshotStore {
  private turn: Promise<unknown> = Promise.resolve();
  /** Module → id of its latest placed snapshot: kept until the module verifies again. */
  private readonly latest = new Map<string, string>();

  constructor(readonly root: string) {}

  /** A fresh private staging directory next to the snapshots (same filesystem: rename is atomic). */
  async staging(): Promise<string> {
    await mkdir(this.root, { recursive: true, mode: 0o755 });
    return mkdtemp(join(this.root, `${STAGING_PREFIX}${process.pid}-`));
  }

  /** Moves a sealed staging tree to <root>/<id> (or re-uses an intact one there); returns its path. */
  place(module: string, staging: string, id: string, manifestHash: string, entryPoint: string): Promise<string> {
    return this.inTurn(async () => {
      const dir = join(this.root, id);
      this.latest.set(module, id);
      if (await renamed(staging, dir)) return dir;
      if (await isIntact(dir, manifestHash, entryPoint)) return dir;
      await removeTree(dir);
      await rename(staging, dir);
      return dir;
    });
  }

  /** Removes every snapshot that is neither in `inUse` nor the latest of a module, and stale staging dirs. */
  collect(inUse: Iterable<string>): Promise<string[]> {
    return this.inTurn(async () => {
      const keep = new Set([...inUse, ...this.latest.values()]);
      const names = await readdir(this.root).catch(() => [] as string[]);
      const removed: string[] = [];
      for (const name of names) {
        const garbage = SNAPSHOT_NAME.test(name) ? !keep.has(name) : isStaleStaging(name);
        if (!garbage) continue;
        await removeTree(join(this.root, name));
        removed.push(name);
      }
      return removed;
    });
  }

  private inTurn<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.turn.then(fn, fn);
    this.turn = next.catch(() => undefined);
    return next;
  }
}

async function renamed(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST' || errnoCode(error) === 'ENOTEMPTY') return false;
    throw error;
  }
}

// A staging dir of an earlier daemon (this process's own may be in use right now).
function isStaleStaging(name: string): boolean {
  return name.startsWith(STAGING_PREFIX) && !name.startsWith(`${STAGING_PREFIX}${process.pid}-`);
}

// The cheap check before re-using a snapshot of the same id: still a sealed directory whose
// module.toml has the verified bytes and whose entry point is a sealed executable.
async function isIntact(dir: string, manifestHash: string, entryPoint: string): Promise<boolean> {
  try {
    const [root, entry] = await Promise.all([lstat(dir), lstat(join(dir, entryPoint))]);
    if (!root.isDirectory() || !isSealedMode(root.mode, 'dir')) return false;
    if (!entry.isFile() || !isSealedMode(entry.mode, 'executable')) return false;
    return (await hashFile(join(dir, MANIFEST_FILE))) === manifestHash;
  } catch {
    return false;
  }
}
