// `blvm module db migrate <m> --to <backend>`: copies every key-value store of a stopped module
// from the backend its db/ holds to another. The copy is made from a daemon-private duplicate
// of the files, the originals are kept in data/modules/<m>/db-before-migration/, and only
// then does db/ receive the new stores (owned like db/ itself).
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BlvmError } from '../errors.js';
import { ModuleDatabase } from '../sdk/module-database.js';
import { assertNoLinkBelow, chownTreeBelow } from '../process/no-follow.js';
import { modulePaths } from '../supervision/module-paths.js';
import { backendOfEntry, storePath, storesInDbDir, type ModuleDatabaseBackend } from './backends.js';
import { copyPlainTree } from './copy-plain-tree.js';
import { openKv } from './open-kv.js';
import { SQLITE_KV_TABLE } from './sqlite-kv.js';

export interface MigrationReport {
  module: string;
  from: ModuleDatabaseBackend;
  to: ModuleDatabaseBackend;
  stores: { name: string; entries: number }[];
  /** Where the original files were moved. */
  kept: string;
}

const PAGE = 1000;

/** Which backend db/ holds data of, refusing when there is nothing or no single source. */
async function sourceBackend(dbDir: string, module: string, to: ModuleDatabaseBackend): Promise<[ModuleDatabaseBackend, string[]]> {
  const held = [...(await storesInDbDir(dbDir)).entries()];
  const target = held.find(([b]) => b === to);
  if (target) throw new BlvmError('conflict', `module ${module}: ${dbDir} already holds ${to} data (${target[1].join(', ')}); nothing was changed`);
  if (held.length === 0) throw new BlvmError('not_found', `module ${module}: ${dbDir} holds no database to migrate`);
  if (held.length > 1) throw new BlvmError('conflict', `module ${module}: ${dbDir} holds data of several backends (${held.map(([b]) => b).join(', ')}); remove all but one first`);
  return held[0];
}

/** A sqlite file with SQL tables of its own (node.database()) cannot become a key-value store elsewhere. */
async function assertOnlyKvTables(file: string, module: string, to: string): Promise<void> {
  const db = await ModuleDatabase.openFile(file);
  try {
    const rows = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != ?", [SQLITE_KV_TABLE]);
    if (rows.length > 0) {
      throw new BlvmError('conflict', `module ${module}: ${file} holds SQL tables (${rows.map((r) => r.name).join(', ')}) written with node.database(); only key-value stores (node.kv()) can move to ${to}`);
    }
  } finally {
    await db.close();
  }
}

async function copyStore(fromDir: string, from: ModuleDatabaseBackend, toDir: string, to: ModuleDatabaseBackend, name: string): Promise<number> {
  const source = await openKv(fromDir, from, name);
  const target = await openKv(toDir, to, name);
  let copied = 0;
  try {
    for (let after: string | undefined; ; ) {
      const page = await source.entries(after === undefined ? { limit: PAGE } : { gt: after, limit: PAGE });
      if (page.length === 0) break;
      await target.batch(page.map(([key, value]) => ({ type: 'put' as const, key, value })));
      copied += page.length;
      after = page[page.length - 1][0];
    }
  } finally {
    await source.close();
    await target.close();
  }
  return copied;
}

export async function migrateModuleStores(dataDir: string, module: string, to: ModuleDatabaseBackend): Promise<MigrationReport> {
  const paths = modulePaths(dataDir, module);
  await assertNoLinkBelow(dataDir, paths.db);
  const [from, names] = await sourceBackend(paths.db, module, to);
  const entries = (await readdir(paths.db)).filter((e) => backendOfEntry(e)?.backend === from);
  const stage = join(paths.root, 'migrating');
  await rm(stage, { recursive: true, force: true });
  await mkdir(join(stage, 'to'), { recursive: true, mode: 0o700 });
  try {
    await mkdir(join(stage, 'from'), { mode: 0o700 });
    for (const entry of entries) await copyPlainTree(join(paths.db, entry), join(stage, 'from', entry));
    if (from === 'sqlite') for (const name of names) await assertOnlyKvTables(storePath(join(stage, 'from'), 'sqlite', name), module, to);
    const stores: MigrationReport['stores'] = [];
    for (const name of names) stores.push({ name, entries: await copyStore(join(stage, 'from'), from, join(stage, 'to'), to, name) });
    const kept = join(paths.root, 'db-before-migration', `${from}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    await mkdir(kept, { recursive: true, mode: 0o700 });
    for (const entry of entries) await rename(join(paths.db, entry), join(kept, entry));
    for (const entry of await readdir(join(stage, 'to'))) await rename(join(stage, 'to', entry), join(paths.db, entry));
    const owner = await lstat(paths.db);
    await chownTreeBelow(paths.db, { uid: owner.uid, gid: owner.gid });
    return { module, from, to, stores, kept };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
