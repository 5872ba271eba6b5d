// The embedded database backends a module can run on, where each keeps a store under the
// module's db/, and which of them already hold data there.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BlvmError } from '../errors.js';

export const MODULE_DATABASE_BACKENDS = ['sqlite', 'lmdb', 'leveldb'] as const;
export type ModuleDatabaseBackend = (typeof MODULE_DATABASE_BACKENDS)[number];

/** The environment variable through which the daemon tells the SDK its backend. */
export const BACKEND_ENV = 'BLVM_DATABASE_BACKEND';

/** File (sqlite, lmdb) or directory (leveldb) name suffix of one store. */
const SUFFIX: Record<ModuleDatabaseBackend, string> = { sqlite: '.sqlite', lmdb: '.lmdb', leveldb: '.leveldb' };

export const STORE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function isBackend(value: unknown): value is ModuleDatabaseBackend {
  return typeof value === 'string' && (MODULE_DATABASE_BACKENDS as readonly string[]).includes(value);
}

export function supportedList(): string {
  return MODULE_DATABASE_BACKENDS.map((b) => JSON.stringify(b)).join(', ');
}

/** The backend named by `value`, or an error naming where it came from and what is supported. */
export function parseBackend(value: unknown, where: string): ModuleDatabaseBackend {
  if (isBackend(value)) return value;
  throw new BlvmError('config_invalid', `${where}: unsupported database backend ${JSON.stringify(value)} (supported: ${supportedList()})`);
}

export function storePath(dbDir: string, backend: ModuleDatabaseBackend, name: string): string {
  if (!STORE_NAME.test(name)) throw new BlvmError('usage', `database name "${name}" must be 1-64 letters, digits, "_" or "-"`);
  return join(dbDir, name + SUFFIX[backend]);
}

/** Which backend an entry of db/ belongs to (lmdb's lock file and sqlite's WAL files included). */
export function backendOfEntry(entry: string): { backend: ModuleDatabaseBackend; store: string; main: boolean } | null {
  for (const backend of MODULE_DATABASE_BACKENDS) {
    const suffix = SUFFIX[backend];
    for (const extra of ['', '-lock', '-wal', '-shm', '-journal']) {
      if (!entry.endsWith(suffix + extra)) continue;
      const store = entry.slice(0, -(suffix.length + extra.length));
      if (STORE_NAME.test(store)) return { backend, store, main: extra === '' };
    }
  }
  return null;
}

/** The stores in db/, by backend; a missing db/ holds none. */
export async function storesInDbDir(dbDir: string): Promise<Map<ModuleDatabaseBackend, string[]>> {
  const found = new Map<ModuleDatabaseBackend, string[]>();
  let entries: string[];
  try {
    entries = await readdir(dbDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return found;
    throw new BlvmError('io', `cannot list ${dbDir}: ${(error as Error).message}`, { cause: error });
  }
  for (const entry of entries.sort()) {
    const of = backendOfEntry(entry);
    if (of?.main) found.set(of.backend, [...(found.get(of.backend) ?? []), of.store]);
  }
  return found;
}
