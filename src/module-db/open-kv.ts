// Opens a module's key-value store on the backend it runs on. Each backend's code is loaded on
// first open, so a module that never opens a store (or uses one backend) does not pay for the
// others at every start (issue 19).
import { mkdir } from 'node:fs/promises';
import { storePath, type ModuleDatabaseBackend } from './backends.js';
import type { KvStore } from './kv-types.js';

/** Opens (creating it if needed) store `name` in `dbDir`. */
export async function openKv(dbDir: string, backend: ModuleDatabaseBackend, name: string): Promise<KvStore> {
  const path = storePath(dbDir, backend, name);
  await mkdir(dbDir, { recursive: true, mode: 0o700 });
  if (backend === 'lmdb') return (await import('./lmdb-kv.js')).LmdbKv.open(path);
  if (backend === 'leveldb') return (await import('./leveldb-kv.js')).LeveldbKv.open(path);
  return (await import('./sqlite-kv.js')).SqliteKv.open(path);
}
