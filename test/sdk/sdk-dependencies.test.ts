import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// Follows every static import that survives compilation (type-only imports are erased) from
// the SDK entry point; returns bare specifiers, files reached, and the files of this package
// they load lazily (`import('./x.js')`), which importing the SDK does not load.
async function importGraph(entry: string): Promise<{ external: Set<string>; files: Set<string>; lazy: Set<string> }> {
  const external = new Set<string>();
  const files = new Set<string>();
  const lazy = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const source = await readFile(file, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s(?!type\s)[^'"]*?from\s+'([^']+)'/gm)) {
      const spec = match[1];
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else external.add(spec);
    }
    for (const match of source.matchAll(/\bimport\('(\.[^']+)'\)/g)) lazy.add(resolve(dirname(file), match[1].replace(/\.js$/, '.ts')));
  }
  for (const file of files) lazy.delete(file);
  return { external, files, lazy };
}

/** The static graph plus, transitively, every file loaded lazily from it. */
async function lazyClosure(entry: string): Promise<Set<string>> {
  const all = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const { files, lazy } = await importGraph(queue.pop() as string);
    for (const file of files) all.add(file);
    for (const file of lazy) if (!all.has(file)) queue.push(file);
  }
  return all;
}

test('the SDK depends on node built-ins only, so modules stay light', async (t) => {
  const { external, files } = await importGraph(resolve(ROOT, 'src/sdk/index.ts'));
  t.true(files.has(resolve(ROOT, 'src/ipc/framed-socket.ts')), 'the import graph was followed');
  const nonBuiltin = [...external].filter((spec) => !spec.startsWith('node:'));
  t.deepEqual(nonBuiltin, []);
  // Besides the socket code, only the chain event vocabulary the SDK re-exports (built-ins only)
  // and the key-value store opener (whose backends and drivers are loaded lazily, below).
  const allowed = /^src\/(sdk|ipc|module-db)\/|^src\/(errors|protocol-version)\.ts$|^src\/chain\/(chain-events|hash)\.ts$/;
  const outside = [...files].map((f) => relative(ROOT, f)).filter((f) => !allowed.test(f));
  t.deepEqual(outside, []);
});

const LAZY_DRIVERS: [string, string[]][] = [
  ['sqlite3', ['src/sdk/module-database.ts']],
  ['lmdb', ['src/module-db/lmdb-kv.ts']],
  ['classic-level', ['src/module-db/leveldb-kv.ts']],
];

for (const [driver, loaders] of LAZY_DRIVERS) {
  test(`the ${driver} driver is loaded only when a module opens a database on it, never by importing the SDK (issue 15)`, async (t) => {
    const files = await lazyClosure(resolve(ROOT, 'src/sdk/index.ts'));
    const lazy: string[] = [];
    for (const file of files) {
      const source = await readFile(file, 'utf8');
      if (source.includes(`import('${driver}')`)) lazy.push(relative(ROOT, file));
      t.false(new RegExp(`^import (?!type)[^;]*from\\s+'${driver}'`, 'm').test(source), `${relative(ROOT, file)} imports ${driver} statically`);
    }
    t.deepEqual(lazy.sort(), loaders);
  });
}

test('importing the SDK loads no key-value backend and does not search for the package root (issue 19)', async (t) => {
  const { files, lazy } = await importGraph(resolve(ROOT, 'src/sdk/index.ts'));
  const loaded = [...files].map((f) => relative(ROOT, f));
  for (const backend of ['src/module-db/lmdb-kv.ts', 'src/module-db/leveldb-kv.ts', 'src/module-db/sqlite-kv.ts']) {
    t.false(loaded.includes(backend), `${backend} is imported statically`);
    t.true(lazy.has(resolve(ROOT, backend)), `${backend} is not loaded on first open`);
  }
  t.false(loaded.includes('src/version.ts'), 'src/version.ts reads package.json at import');
});
