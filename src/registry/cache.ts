// Content-addressed download cache: <data_dir>/registry/cache/<sha256>.tar.gz. Every read
// re-hashes the file (a corrupt entry is deleted and counts as a miss); the total size is
// kept under [registry] cache_size by evicting the least recently used entries.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../manifest/paths.js';
import { sha256Hex } from '../trust/hash.js';

const ENTRY = /^[0-9a-f]{64}\.tar\.gz$/;

export class ArtifactCache {
  constructor(
    readonly dir: string,
    readonly capBytes: number,
  ) {}

  private file(sha256: string): string {
    return join(this.dir, `${sha256}.tar.gz`);
  }

  /** The cached bytes with this hash, verified; undefined when absent or corrupt. */
  async get(sha256: string): Promise<Buffer | undefined> {
    const file = this.file(sha256);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw error;
    }
    if (sha256Hex(bytes) !== sha256) {
      await rm(file, { force: true });
      return undefined;
    }
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined);
    return bytes;
  }

  /** Stores verified bytes (no-op when the cache size is 0), then evicts down to the cap. */
  async put(sha256: string, bytes: Buffer): Promise<void> {
    if (this.capBytes <= 0 || bytes.length > this.capBytes) return;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = join(this.dir, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(tmp, bytes, { mode: 0o600 });
      await rename(tmp, this.file(sha256));
    } finally {
      await rm(tmp, { force: true });
    }
    await this.evict(sha256);
  }

  // Oldest access first; the entry just stored is removed last of all.
  private async evict(keep: string): Promise<void> {
    const names = (await readdir(this.dir)).filter((name) => ENTRY.test(name));
    const entries = await Promise.all(
      names.map(async (name) => {
        const info = await stat(join(this.dir, name)).catch(() => null);
        return { name, size: info?.size ?? 0, used: name.startsWith(keep) ? Infinity : (info?.mtimeMs ?? 0) };
      }),
    );
    entries.sort((a, b) => a.used - b.used);
    let total = entries.reduce((sum, e) => sum + e.size, 0);
    for (const entry of entries) {
      if (total <= this.capBytes) break;
      await rm(join(this.dir, entry.name), { force: true });
      total -= entry.size;
    }
  }
}
