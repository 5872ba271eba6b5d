import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { BlvmError } from '../../src/errors.js';
import { silentLogger } from '../../src/log/logger.js';
import { LATEST_SCHEMA_VERSION, openStore } from '../../src/store/index.js';
import { SqliteDb } from '../../src/store/sqlite.js';
import { openTestStore, tempDir } from './helpers.js';

const options = { retentionTransitions: 10, retentionEvents: 10, log: silentLogger };

async function withRawDb<T>(file: string, work: (db: SqliteDb) => Promise<T>): Promise<T> {
  const db = await SqliteDb.open(file);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

test('a fresh file gets every migration, recorded in schema_version, and WAL journaling', async (t) => {
  const file = path.join(await tempDir(t), 'data', 'blvm.sqlite');
  const store = await openStore(file, options);
  await store.close();
  await withRawDb(file, async (db) => {
    const versions = await db.all<{ version: number }>('SELECT version FROM schema_version ORDER BY version');
    t.deepEqual(
      versions.map((v) => v.version),
      Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1),
    );
    const tables = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    const names = tables.map((r) => r.name);
    for (const name of ['events', 'exits', 'meta', 'modules', 'schema_version', 'transitions']) t.true(names.includes(name), name);
    t.is((await db.get<{ journal_mode: string }>('PRAGMA journal_mode'))?.journal_mode, 'wal');
  });
});

test('reopening an up-to-date store applies no migration twice', async (t) => {
  const file = path.join(await tempDir(t), 'blvm.sqlite');
  await (await openStore(file, options)).close();
  await (await openStore(file, options)).close();
  const count = await withRawDb(file, (db) => db.get<{ n: number }>('SELECT COUNT(*) AS n FROM schema_version'));
  t.is(count?.n, LATEST_SCHEMA_VERSION);
});

test('a file that is not a database is an io error naming the file, and the file is left as it was', async (t) => {
  const file = path.join(await tempDir(t), 'blvm.sqlite');
  const garbage = Buffer.alloc(8192, 'not a database at all. ');
  await writeFile(file, garbage);
  const error = await t.throwsAsync(openStore(file, options), { instanceOf: BlvmError });
  t.is(error?.code, 'io');
  t.true(error?.message.includes(file));
  t.deepEqual(await readFile(file), garbage);
});

test('a database with a damaged page is refused at open instead of being recreated', async (t) => {
  const file = path.join(await tempDir(t), 'blvm.sqlite');
  const store = await openStore(file, options);
  for (let i = 0; i < 400; i += 1) {
    store.appendTransition({ at: i, module: `m${i % 7}`, from: 'a'.repeat(50), to: 'b'.repeat(50), event: 'tick' });
  }
  await store.close();
  const bytes = await readFile(file);
  t.true(bytes.length > 4 * 4096);
  bytes.fill(0xa5, 2 * 4096 + 16, 4 * 4096);
  await writeFile(file, bytes);
  const error = await t.throwsAsync(openStore(file, options), { instanceOf: BlvmError });
  t.true(error?.message.includes(file));
  t.deepEqual(await readFile(file), bytes);
});

test('a store written by a newer schema version is refused', async (t) => {
  const file = path.join(await tempDir(t), 'blvm.sqlite');
  await (await openStore(file, options)).close();
  await withRawDb(file, (db) =>
    db.run('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)', [LATEST_SCHEMA_VERSION + 1, 'future', 0]),
  );
  const error = await t.throwsAsync(openStore(file, options), { instanceOf: BlvmError });
  t.is(error?.code, 'conflict');
  t.true(error?.message.includes(file));
});

test('invalid retention options are a usage error', async (t) => {
  const file = path.join(await tempDir(t), 'blvm.sqlite');
  const error = await t.throwsAsync(openStore(file, { ...options, retentionEvents: 0 }), { instanceOf: BlvmError });
  t.is(error?.code, 'usage');
});

test('a closed store rejects reads and drops writes without throwing', async (t) => {
  const file = path.join(await tempDir(t), 'blvm.sqlite');
  const store = await openTestStore(t, file);
  await store.close();
  await t.throwsAsync(store.listModules(), { instanceOf: BlvmError });
  t.notThrows(() => store.setMeta('k', 1));
  await t.throwsAsync(store.appendEvent({ type: 'X', source: 'node', payload: {} }), { instanceOf: BlvmError });
});
