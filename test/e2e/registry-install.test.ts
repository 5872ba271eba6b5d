import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { cliPublish, cliServe } from '../registry/helpers/cli-registry.js';
import { buildModule, makeKeys, registryToml, securityToml, tempDir, type Keys } from '../registry/helpers/world.js';

interface World {
  keys: Keys;
  registryDir: string;
  node: IsolatedNode;
}

/** base 1.0.0 and app 1.0.0 (requires base) published with the CLI, served by the CLI, and a fresh running node. */
async function world(t: ExecutionContext): Promise<World> {
  const keys = await makeKeys(t);
  const work = await tempDir(t, 'blvm-registry-e2e-');
  const registryDir = join(work, 'registry');
  const signers = [keys.alice, keys.bob];
  await cliPublish(t, await buildModule(work, { name: 'base', signers, description: 'probe base module' }), registryDir, keys.registry);
  await cliPublish(t, await buildModule(work, { name: 'app', requires: { base: '^1.0.0' }, signers, description: 'probe app module' }), registryDir, keys.registry);
  const url = await cliServe(t, registryDir);
  const node = await IsolatedNode.create({ security: securityToml(keys), extraConfig: registryToml(keys, url) });
  t.teardown(() => node.destroy());
  return { keys, registryDir, node };
}

const leftovers = async (node: IsolatedNode): Promise<string[]> => (await readdir(node.root)).filter((name) => name.startsWith('.blvm-'));

test('publish, search, remote info and install bring a module and its dependency up in the running node', async (t) => {
  const { node } = await world(t);
  const search = await node.cli(['module', 'search', 'probe']);
  t.is(search.exitCode, 0, search.stderr);
  t.regex(search.stdout, /^app\s+1\.0\.0\s+-\s+free\s+probe app module$/m);
  t.regex(search.stdout, /^base\s+1\.0\.0\s+-\s+free\s+probe base module$/m);
  const info = await node.cli(['module', 'info', 'app', '--remote']);
  t.is(info.exitCode, 0, info.stderr);
  t.regex(info.stdout, /^ {2}requires: {5}base \^1\.0\.0$/m);
  t.regex(info.stdout, /^ {2}signatures: {3}2 of 2 required by this node valid \(alice, bob\)$/m);

  const install = await node.cli(['module', 'install', 'app'], { timeoutMs: 90_000 });
  t.is(install.exitCode, 0, `${install.stdout}\n${install.stderr}\n${node.log().slice(-3000)}`);
  t.regex(install.stdout, /^installing app 1\.0\.0 with its dependency base 1\.0\.0 \(\^1\.0\.0, required by app 1\.0\.0\)$/m);
  t.regex(install.stdout, /^verified base 1\.0\.0: .*2 of 2 maintainer signatures \(alice, bob\)/m);
  t.regex(install.stdout, /loaded base into the running node: monitoring\nloaded app into the running node: monitoring$/);
  const status = await node.status();
  t.deepEqual(status.modules.map((m) => `${m.name} ${m.version} ${m.phase}`).sort(), ['app 1.0.0 monitoring', 'base 1.0.0 monitoring']);
  t.deepEqual(await leftovers(node), []);
  const json = JSON.parse((await node.cli(['module', 'search', '', '--json'])).stdout);
  t.deepEqual(json.modules.map((m: { name: string; installed: string }) => `${m.name} ${m.installed}`), ['app 1.0.0', 'base 1.0.0']);
});

test('one tampered byte in an artifact or in the index fails the install with the reason, leaving the node untouched', async (t) => {
  const { node, registryDir } = await world(t);
  const artifact = join(registryDir, 'modules', 'base', 'base-1.0.0.tar.gz');
  const original = await readFile(artifact);
  const flipped = Buffer.from(original);
  flipped[flipped.length >> 1] ^= 0x20;
  await writeFile(artifact, flipped);
  const bad = await node.cli(['module', 'install', 'app']);
  t.is(bad.exitCode, 1);
  t.regex(bad.stderr, /artifact http:\/\/127\.0\.0\.1:\d+\/modules\/base\/base-1\.0\.0\.tar\.gz of base 1\.0\.0 is corrupt or tampered: its sha256 [0-9a-f]{64} differs from [0-9a-f]{64} in the signed index/);

  await writeFile(artifact, original);
  const indexFile = join(registryDir, 'index.json');
  const index = await readFile(indexFile, 'utf8');
  await writeFile(indexFile, index.replace('probe app module', 'probe app modulE'));
  const forged = await node.cli(['module', 'install', 'app']);
  t.is(forged.exitCode, 1);
  t.regex(forged.stderr, /registry index http:\/\/127\.0\.0\.1:\d+\/index\.json: 0 of 1 required registry signatures valid: signatures\[0\]: signature by registry does not verify/);

  t.deepEqual(await readdir(node.modulesDir), []);
  t.deepEqual(await leftovers(node), []);
  t.deepEqual((await node.status()).modules, []);
});

test('install says which registry is unreachable and changes nothing', async (t) => {
  const keys = await makeKeys(t);
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const node = await IsolatedNode.create({ security: securityToml(keys), extraConfig: registryToml(keys, `http://127.0.0.1:${port}/`) });
  t.teardown(() => node.destroy());
  const result = await node.cli(['module', 'install', 'app']);
  t.is(result.exitCode, 1);
  t.is(result.stderr, `blvm: registry http://127.0.0.1:${port} is unreachable: connection refused (GET http://127.0.0.1:${port}/index.json)`);
  t.deepEqual(await readdir(node.modulesDir), []);
});
