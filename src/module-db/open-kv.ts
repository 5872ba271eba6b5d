// Opens a module's key-value store on the backend it runs on.
import { mkdir } from 'node:fs/promises';
import { storePath, type ModuleDatabaseBackend } from './backends.js';
import type { KvStore } from './kv-types.js';
import { LeveldbKv } from './leveldb-kv.js';
import { LmdbKv } from './lmdb-kv.js';
import { SqliteKv } from './sqlite-kv.js';

/** Opens (creating it if needed) store `name` in `dbDir`. */
export async function openKv(dbDir: string, backend: ModuleDatabaseBackend, name: string): Promise<KvStore> {
  const path = storePath(dbDir, backend, name);
  await mkdir(dbDir, { recursive: true, mode: 0o700 });
  if (backend === 'lmdb') return LmdbKv.open(path);
  if (backend === 'leveldb') return LeveldbKv.open(path);
  return SqliteKv.open(path);
}
