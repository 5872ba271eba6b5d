import { createHash } from 'node:crypto';
import { mkdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { loadManifest } from '../../src/manifest/load-manifest.js';
import { computeBinaryHash } from '../../src/trust/binary.js';
import { hashFile, shortHash } from '../../src/trust/hash.js';
import { checkIntegrity } from '../../src/trust/integrity.js';
import { computeTreeHash, listTreeFiles } from '../../src/trust/tree.js';
import { makeModule, MAIN_JS, tempDir, writeBinary } from './fixture.js';

const FILES = { 'lib/util.js': 'export const x = 1;\n', 'lib/x.js': 'export const y = 2;\n', 'README.md': '# hello\n' };

async function hashedModule(t: Parameters<typeof makeModule>[0]): Promise<string> {
  const dir = await makeModule(t, { files: FILES });
  await writeBinary(dir);
  return dir;
}

const problemsOf = async (dir: string): Promise<string[]> => checkIntegrity(await loadManifest(dir));

test('an untouched module has no integrity problems', async (t) => {
  const dir = await hashedModule(t);
  t.deepEqual(await problemsOf(dir), []);
});

test('the entry point hash and size cover exactly the entry point bytes', async (t) => {
  const dir = await makeModule(t);
  const expected = createHash('sha256').update(MAIN_JS).digest('hex');
  t.deepEqual(await computeBinaryHash(dir, 'main.js'), { hash: `sha256:${expected}`, size: Buffer.byteLength(MAIN_JS) });
  t.is(await hashFile(join(dir, 'main.js')), `sha256:${expected}`);
});

test('a modified entry point is named with both hashes', async (t) => {
  const dir = await hashedModule(t);
  const before = await hashFile(join(dir, 'main.js'));
  await writeFile(join(dir, 'main.js'), MAIN_JS.replace('hello', 'HELLO'));
  const after = await hashFile(join(dir, 'main.js'));
  t.deepEqual(await problemsOf(dir), [`entry point main.js: hash mismatch (manifest ${shortHash(before)}, actual ${shortHash(after)})`]);
});

test('a grown entry point reports the size difference too', async (t) => {
  const dir = await hashedModule(t);
  await writeFile(join(dir, 'main.js'), MAIN_JS + '// more\n');
  const problems = await problemsOf(dir);
  t.is(problems.length, 2);
  t.is(problems[1], `entry point main.js: size mismatch (manifest ${Buffer.byteLength(MAIN_JS)} bytes, actual ${Buffer.byteLength(MAIN_JS) + 8} bytes)`);
});

test('a changed file other than the entry point is named', async (t) => {
  const dir = await hashedModule(t);
  await writeFile(join(dir, 'lib', 'util.js'), 'export const x = 666;\n');
  t.deepEqual(await problemsOf(dir), ['tree hash mismatch: lib/util.js changed']);
});

test('an added file is named', async (t) => {
  const dir = await hashedModule(t);
  await writeFile(join(dir, 'extra.js'), 'evil();\n');
  t.deepEqual(await problemsOf(dir), ['file added: extra.js']);
});

test('a removed file is named', async (t) => {
  const dir = await hashedModule(t);
  await rm(join(dir, 'lib', 'x.js'));
  t.deepEqual(await problemsOf(dir), ['file removed: lib/x.js']);
});

test('a symlink leaving the module directory is an error naming it', async (t) => {
  const dir = await hashedModule(t);
  const outside = await realpath(await tempDir(t));
  await symlink(outside, join(dir, 'lib', 'evil'));
  t.deepEqual(await problemsOf(dir), [`symlink lib/evil -> ${outside} resolves outside the module directory`]);
});

test('module.toml, config.toml and data/ are not covered by the tree hash', async (t) => {
  const dir = await hashedModule(t);
  await writeFile(join(dir, 'config.toml'), 'interval = 5\n');
  await mkdir(join(dir, 'data', 'db'), { recursive: true });
  await writeFile(join(dir, 'data', 'db', 'state.bin'), 'runtime');
  t.deepEqual(await problemsOf(dir), []);
  t.deepEqual(Object.keys(await listTreeFiles(dir, 'main.js')), ['README.md', 'lib/util.js', 'lib/x.js']);
});

test('the tree hash is sha256 over sorted "<path>\\0<hex>\\n" lines', async (t) => {
  const dir = await makeModule(t, { files: FILES });
  const hex = (s: string): string => createHash('sha256').update(s).digest('hex');
  const lines = ['README.md', 'lib/util.js', 'lib/x.js'].map((p) => `${p}\0${hex(FILES[p as keyof typeof FILES])}\n`).join('');
  t.is(await computeTreeHash(dir, 'main.js'), `sha256:${hex(lines)}`);
});

test('a tree_hash that does not match the per-file listing is reported', async (t) => {
  const dir = await hashedModule(t);
  const file = join(dir, 'module.toml');
  const text = await readFile(file, 'utf8');
  const forged = `sha256:${'0'.repeat(64)}`;
  await writeFile(file, text.replace(/tree_hash = "[^"]*"/, `tree_hash = "${forged}"`));
  const problems = await problemsOf(dir);
  t.is(problems.length, 1);
  t.regex(problems[0], /^binary\.tree_hash does not match binary\.files \(manifest sha256:000000000000…, listing sha256:[0-9a-f]{12}…\)$/);
});
