// database_backend means something (issue 15): a module's key-value stores live on sqlite, lmdb
// or leveldb as its config says, survive a SIGKILL on each, and a backend switch is refused
// until `blvm module db migrate` has copied the data.
import test, { type ExecutionContext } from 'ava';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODULE_DATABASE_BACKENDS, storesInDbDir } from '../../src/module-db/backends.js';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { scaledTimeout } from '../../src/testing/wait.js';

const MANIFEST = 'name = "keeper"\nversion = "1.0.0"\nentry_point = "main.js"\ndescription = "keeps a boot count"\nauthor = "blvm tests"\ncapabilities = []\n';

// Every start adds one boot record in one batch, then reports what the store holds.
const KEEPER = `import { connect } from 'blvm/sdk';
const node = await connect();
const kv = await node.kv();
const boots = ((await kv.get('boots')) ?? 0) + 1;
await kv.batch([{ type: 'put', key: 'boots', value: boots }, { type: 'put', key: 'boot:' + String(boots).padStart(4, '0'), value: { at: Date.now() } }]);
const records = await kv.entries({ prefix: 'boot:' });
console.log('keeper: backend=' + node.databaseBackend + ' boots=' + boots + ' records=' + records.length);
await node.ready();
setInterval(() => {}, 1000);`;

async function keeperNode(t: ExecutionContext, opts: { override?: string; configToml?: string } = {}): Promise<IsolatedNode> {
  const node = await IsolatedNode.create({ start: false, extraConfig: opts.override ? `[modules.keeper]\n${opts.override}\n` : '' });
  t.teardown(() => node.destroy());
  const dir = await node.addModule('keeper', MANIFEST, KEEPER);
  if (opts.configToml) await writeFile(join(dir, 'config.toml'), opts.configToml);
  await node.start();
  return node;
}

/** Waits until the keeper's output holds `line`. */
async function waitForLine(node: IsolatedNode, line: string): Promise<void> {
  const deadline = Date.now() + scaledTimeout(20_000);
  while (Date.now() < deadline) {
    if ((await node.logs('keeper', 200).catch(() => [])).some((l) => l.includes(line))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`keeper never printed "${line}"; its output: ${(await node.logs('keeper', 20).catch(() => [])).join(' | ')}\n${node.log().slice(-3000)}`);
}

const where: Record<string, { override?: string; configToml?: string }> = {
  sqlite: {},
  lmdb: { override: 'database_backend = "lmdb"' },
  leveldb: { configToml: 'database_backend = "leveldb"\n' },
};

for (const backend of MODULE_DATABASE_BACKENDS) {
  test(`a module on ${backend} keeps its data across a SIGKILL and restart (issue 15)`, async (t) => {
    const node = await keeperNode(t, where[backend]);
    const first = await node.waitForPhase('keeper', 'monitoring');
    await waitForLine(node, `keeper: backend=${backend} boots=1 records=1`);
    process.kill(first.pid!, 'SIGKILL');
    const again = await node.waitFor('keeper', (m) => m.phase === 'monitoring' && m.pid !== first.pid && m.restarts >= 1);
    t.is(again.last_exit?.signal, 'SIGKILL');
    await waitForLine(node, `keeper: backend=${backend} boots=2 records=2`);
    t.deepEqual([...(await storesInDbDir(join(node.dataDir, 'modules', 'keeper', 'db'))).keys()], [backend]);
  });
}

test('an unknown database backend refuses the module at load, listing the supported ones (issue 15)', async (t) => {
  const node = await keeperNode(t, { override: 'database_backend = "rocksdb"' });
  const m = await node.waitForPhase('keeper', 'rejected');
  t.true(
    m.problems.some((p) => p.includes('unsupported database backend "rocksdb" (supported: "sqlite", "lmdb", "leveldb")') && p.includes('[modules.keeper]')),
    JSON.stringify(m.problems),
  );
});

test('switching the backend of a module with data is refused, then migrated, then it runs with its data (issue 15)', async (t) => {
  const node = await keeperNode(t);
  await node.waitForPhase('keeper', 'monitoring');
  await waitForLine(node, 'keeper: backend=sqlite boots=1 records=1');

  const running = await node.cli(['module', 'db', 'migrate', 'keeper', '--to', 'lmdb']);
  t.is(running.exitCode, 1);
  t.regex(running.stderr, /module keeper is monitoring; stop it first/);

  const config = await readFile(node.configPath, 'utf8');
  await writeFile(node.configPath, `${config}\n[modules.keeper]\ndatabase_backend = "lmdb"\n`);
  const refused = await node.cli(['module', 'reload', 'keeper']);
  t.is(refused.exitCode, 1);
  t.regex(refused.stderr, /holds data of sqlite \(main\).*blvm module db migrate keeper --to lmdb/);
  t.is((await node.module('keeper')).phase, 'rejected');

  const migrated = await node.cli(['module', 'db', 'migrate', 'keeper', '--to', 'lmdb']);
  t.is(migrated.exitCode, 0, migrated.stderr);
  t.regex(migrated.stdout, /copied main \(2 entries\) from sqlite to lmdb/);
  const db = join(node.dataDir, 'modules', 'keeper', 'db');
  t.deepEqual([...(await storesInDbDir(db)).keys()], ['lmdb']);

  const reloaded = await node.cli(['module', 'reload', 'keeper']);
  t.is(reloaded.exitCode, 0, reloaded.stderr);
  await waitForLine(node, 'keeper: backend=lmdb boots=2 records=2');
});
