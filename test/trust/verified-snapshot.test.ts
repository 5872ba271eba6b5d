// The snapshot builder: copy, verify the copy, seal read-only, content address, re-use, collection (issue 13).
import { execFileSync } from 'node:child_process';
import { chmod, lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import type { NodeConfig } from '../../src/config/types.js';
import { generatePrivateKey, publicKeyOf } from '../../src/trust/keys.js';
import { signModule } from '../../src/trust/sign-module.js';
import { SnapshotStore } from '../../src/trust/snapshot-store.js';
import { verifySnapshot } from '../../src/trust/verified-snapshot.js';
import { verifiedSnapshotsDir } from '../../src/supervision/module-paths.js';
import { BASIC_MANIFEST, makeConfig, makeModule, tempDir } from './fixture.js';

const alice = generatePrivateKey();

async function setup(t: ExecutionContext, files: Record<string, string> = { 'lib/util.js': 'export {};\n' }) {
  const dataDir = await tempDir(t);
  const config: NodeConfig = makeConfig({
    dataDir,
    security: { signature_threshold: { m: 1, n: 1 }, trusted_maintainers: [{ name: 'alice', public_key: publicKeyOf(alice) }] },
  });
  const dir = await makeModule(t, { manifest: BASIC_MANIFEST, files });
  const store = new SnapshotStore(verifiedSnapshotsDir(dataDir));
  return { config, dir, store, sign: () => signModule(dir, alice, { name: 'alice' }) };
}

async function modes(root: string, rel = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const item of await readdir(join(root, rel), { withFileTypes: true })) {
    const path = rel === '' ? item.name : `${rel}/${item.name}`;
    out[path] = ((await lstat(join(root, path))).mode & 0o7777).toString(8);
    if (item.isDirectory()) Object.assign(out, await modes(root, path));
  }
  return out;
}

test('the snapshot holds exactly the verified tree, sealed read-only, at its content address (issue 13)', async (t) => {
  const s = await setup(t);
  await writeFile(join(s.dir, 'config.toml'), 'greeting = "hi"\n');
  await mkdir(join(s.dir, 'data'));
  await writeFile(join(s.dir, 'data', 'state.db'), 'module data');
  await s.sign();
  const { report, snapshot } = await verifySnapshot('hello', s.dir, s.config, s.store);
  t.true(report.ok, report.problems.join('\n'));
  t.truthy(snapshot);
  t.is(snapshot!.dir, join(verifiedSnapshotsDir(s.config.node.data_dir), snapshot!.id));
  t.regex(snapshot!.id, /^[0-9a-f]{64}$/);
  t.is(snapshot!.entryPath, join(snapshot!.dir, 'main.js'));
  t.is(snapshot!.version, '1.0.0');
  t.is(snapshot!.treeHash, report.manifest!.binary!.tree_hash!);
  t.deepEqual(snapshot!.capabilities, report.capabilities.granted);
  t.deepEqual(await modes(snapshot!.dir), { 'lib': '555', 'lib/util.js': '444', 'main.js': '555', 'module.toml': '444' });
  t.is((await stat(snapshot!.dir)).mode & 0o7777, 0o555);
  t.is((await stat(snapshot!.dir)).uid, process.getuid!());
  t.is(await readFile(join(snapshot!.dir, 'module.toml'), 'utf8'), await readFile(join(s.dir, 'module.toml'), 'utf8'));
  t.deepEqual(await readdir(verifiedSnapshotsDir(s.config.node.data_dir)), [snapshot!.id], 'no staging dir is left behind');
});

test('the same content gets the same id and re-uses the snapshot; any changed byte gets a new one (issue 13)', async (t) => {
  const s = await setup(t);
  await s.sign();
  const first = (await verifySnapshot('hello', s.dir, s.config, s.store)).snapshot!;
  const again = (await verifySnapshot('hello', s.dir, s.config, s.store)).snapshot!;
  t.deepEqual(again, first);
  await writeFile(join(s.dir, 'lib', 'util.js'), 'export const changed = 1;\n');
  await s.sign();
  const changed = (await verifySnapshot('hello', s.dir, s.config, s.store)).snapshot!;
  t.not(changed.id, first.id);
  t.not(changed.treeHash, first.treeHash);
});

test('a damaged snapshot of the same id is replaced, not re-used (issue 13)', async (t) => {
  const s = await setup(t);
  await s.sign();
  const first = (await verifySnapshot('hello', s.dir, s.config, s.store)).snapshot!;
  await chmod(first.entryPath, 0o755);
  await writeFile(first.entryPath, '#!/bin/sh\necho evil\n');
  const again = (await verifySnapshot('hello', s.dir, s.config, s.store)).snapshot!;
  t.is(again.id, first.id);
  t.is(await readFile(again.entryPath, 'utf8'), await readFile(join(s.dir, 'main.js'), 'utf8'));
  t.is((await stat(again.entryPath)).mode & 0o7777, 0o555);
});

test('changing the module dir after verification changes nothing in the snapshot (issue 13)', async (t) => {
  const s = await setup(t);
  await s.sign();
  const { snapshot } = await verifySnapshot('hello', s.dir, s.config, s.store);
  const original = await readFile(snapshot!.entryPath, 'utf8');
  await writeFile(join(s.dir, 'main.js'), '#!/usr/bin/env node\nconsole.log("unsigned");\n');
  t.is(await readFile(snapshot!.entryPath, 'utf8'), original);
  const tampered = await verifySnapshot('hello', s.dir, s.config, s.store);
  t.false(tampered.report.ok);
  t.is(tampered.snapshot, null);
  t.true(tampered.report.problems.some((p) => p.startsWith('entry point main.js: hash mismatch')), tampered.report.problems.join('\n'));
  t.deepEqual(await readdir(s.store.root), [snapshot!.id], 'a refused copy leaves nothing behind');
});

test('a FIFO in the module tree is refused by name and never opened (issue 13)', async (t) => {
  const s = await setup(t);
  await s.sign();
  execFileSync('mkfifo', [join(s.dir, 'lib', 'pipe')]);
  const { report, snapshot } = await verifySnapshot('hello', s.dir, s.config, s.store);
  t.is(snapshot, null);
  t.deepEqual(report.problems, [`${s.dir}: lib/pipe is not a regular file or directory (FIFO, socket or device): refused`]);
});

test('a symlink leaving the module dir is refused and its target is not copied (issue 13)', async (t) => {
  const s = await setup(t);
  const outside = join(await tempDir(t), 'secret.txt');
  await writeFile(outside, 'host secret');
  await symlink(outside, join(s.dir, 'lib', 'secret.txt'));
  const { report, snapshot } = await verifySnapshot('hello', s.dir, s.config, s.store);
  t.is(snapshot, null);
  t.is(report.problems.length, 1);
  t.regex(report.problems[0], /symlink lib\/secret\.txt -> .*secret\.txt resolves outside the module directory/);
  t.deepEqual(await readdir(s.store.root), []);
});

test('a symlink entry point leaving the module dir is refused (issue 13)', async (t) => {
  const s = await setup(t);
  const outside = join(await tempDir(t), 'evil.js');
  await writeFile(outside, '#!/usr/bin/env node\n', { mode: 0o755 });
  await s.sign();
  const { rm } = await import('node:fs/promises');
  await rm(join(s.dir, 'main.js'));
  await symlink(outside, join(s.dir, 'main.js'));
  const { report, snapshot } = await verifySnapshot('hello', s.dir, s.config, s.store);
  t.is(snapshot, null);
  t.deepEqual(report.problems, [`${s.dir}: entry point main.js: resolves outside the module directory`]);
});

test('a symlink inside the module is copied as the file it points to, like the tree hash sees it', async (t) => {
  const s = await setup(t);
  await symlink('util.js', join(s.dir, 'lib', 'alias.js'));
  await s.sign();
  const { report, snapshot } = await verifySnapshot('hello', s.dir, s.config, s.store);
  t.true(report.ok, report.problems.join('\n'));
  const alias = await lstat(join(snapshot!.dir, 'lib', 'alias.js'));
  t.true(alias.isFile());
  t.is(await readFile(join(snapshot!.dir, 'lib', 'alias.js'), 'utf8'), 'export {};\n');
});

test('collection removes snapshots nobody uses but never one in use or the latest of a module (issue 13)', async (t) => {
  const s = await setup(t);
  await s.sign();
  const old = (await verifySnapshot('hello', s.dir, s.config, s.store)).snapshot!;
  await writeFile(join(s.dir, 'lib', 'util.js'), 'export const v = 2;\n');
  await s.sign();
  const latest = (await verifySnapshot('hello', s.dir, s.config, s.store)).snapshot!;
  await writeFile(join(s.dir, 'lib', 'util.js'), 'export const v = 3;\n');
  await s.sign();
  const other = (await verifySnapshot('other', s.dir, s.config, s.store)).snapshot!;
  await mkdir(join(s.store.root, '.staging-1-leftover'));
  t.deepEqual((await s.store.collect([old.id])).sort(), ['.staging-1-leftover']);
  t.deepEqual((await readdir(s.store.root)).sort(), [old.id, latest.id, other.id].sort());
  t.deepEqual(await s.store.collect([]), [old.id]);
  t.deepEqual((await readdir(s.store.root)).sort(), [latest.id, other.id].sort());
});
