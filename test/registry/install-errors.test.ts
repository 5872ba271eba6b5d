// Every refused install names its reason and leaves the node directory as it was.
import { readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { installModule } from '../../src/registry/install.js';
import { sha256Hex } from '../../src/trust/hash.js';
import { openSession } from '../../src/registry/session.js';
import { scenario, type Scenario } from './helpers/scenario.js';
import { servedRegistry } from './helpers/served.js';
import { nodeDirs, snapshotDirs } from './helpers/world.js';

async function refused(t: ExecutionContext, s: Scenario, name: string, message: RegExp): Promise<void> {
  const before = await snapshotDirs(s.node);
  await t.throwsAsync(
    async () => installModule(await s.session(), name, '*'),
    { message },
  );
  t.deepEqual(await snapshotDirs(s.node), before, 'nothing is left in the node directory');
  const cacheDir = join(s.node.config.node.data_dir, 'registry', 'cache');
  for (const name of await readdir(cacheDir).catch(() => [])) {
    t.is(`${sha256Hex(await readFile(join(cacheDir, name)))}.tar.gz`, name, 'only verified artifacts are cached');
  }
}

const artifactOf = (s: Scenario, name: string) => join(s.registry.dir, 'modules', name, `${name}-1.0.0.tar.gz`);

test('an unreachable registry is named with its address', async (t) => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const s = await scenario(t);
  const node = await nodeDirs(t, s.keys, `http://127.0.0.1:${port}/`);
  await t.throwsAsync(
    async () => installModule(await openSession(node.config, { say: () => undefined, progress: () => undefined, tty: false }), 'app', '*'),
    { message: `registry http://127.0.0.1:${port} is unreachable: connection refused (GET http://127.0.0.1:${port}/index.json)` },
  );
  t.deepEqual(await snapshotDirs(node), { root: ['blvm.toml', 'modules'], modules: [] });
});

test('a missing artifact (404) is named with its URL and nothing is installed, not even the dependency', async (t) => {
  const s = await scenario(t);
  await rm(artifactOf(s, 'app'));
  await refused(t, s, 'app', /^GET http:\/\/127\.0\.0\.1:\d+\/modules\/app\/app-1\.0\.0\.tar\.gz: 404 Not Found \(the registry has no such file\)$/);
});

test('a truncated artifact download is refused with the byte counts', async (t) => {
  const s = await scenario(t);
  const size = (await readFile(artifactOf(s, 'base'))).length;
  await truncate(artifactOf(s, 'base'), 100);
  await refused(t, s, 'app', new RegExp(`^truncated download: GET http://127\\.0\\.0\\.1:\\d+/modules/base/base-1\\.0\\.0\\.tar\\.gz ended after 100 of ${size} bytes$`));
});

test('one flipped byte in an artifact is refused as corrupt or tampered', async (t) => {
  const s = await scenario(t);
  const bytes = await readFile(artifactOf(s, 'app'));
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  await writeFile(artifactOf(s, 'app'), bytes);
  await refused(t, s, 'app', /^artifact http:\/\/127\.0\.0\.1:\d+\/modules\/app\/app-1\.0\.0\.tar\.gz of app 1\.0\.0 is corrupt or tampered: its sha256 [0-9a-f]{64} differs from [0-9a-f]{64} in the signed index$/);
});

test('one changed byte in the index is refused because its signature no longer verifies', async (t) => {
  const s = await scenario(t);
  const file = join(s.registry.dir, 'index.json');
  await writeFile(file, (await readFile(file, 'utf8')).replace('an app on base', 'an app on basE'));
  await refused(t, s, 'app', /^registry index http:\/\/127\.0\.0\.1:\d+\/index\.json: 0 of 1 required registry signatures valid: signatures\[0\]: signature by registry does not verify \(the index was changed after signing\)$/);
});

test('an expired index is refused (freeze protection)', async (t) => {
  const s = await scenario(t, { publish: false });
  await s.registry.publish(await s.build({ name: 'base' }), { now: new Date('2020-01-01T00:00:00Z'), expiresInMs: 60_000 });
  await refused(t, s, 'base', /^registry index http:\/\/127\.0\.0\.1:\d+\/index\.json expired at 2020-01-01T00:01:00\.000Z \(now .*\); the registry must publish a freshly signed index$/);
});

test('an index signed by a key the node does not trust is refused, naming the key', async (t) => {
  const s = await scenario(t, { publish: false });
  const rogue = await servedRegistry(t, s.keys.stranger);
  await rogue.publish(await s.build({ name: 'base' }));
  const node = await nodeDirs(t, s.keys, rogue.url);
  await t.throwsAsync(
    async () => installModule(await openSession(node.config, { say: () => undefined, progress: () => undefined, tty: false }), 'base', '*'),
    { message: /: 0 of 1 required registry signatures valid: signatures\[0\]: untrusted key 0[23][0-9a-f]{10}… \(not in \[registry\] trusted_keys\)$/ },
  );
  t.deepEqual(await snapshotDirs(node), { root: ['blvm.toml', 'modules'], modules: [] });
});

test('a module signed by untrusted maintainers is refused by the node trust check before it reaches the modules dir', async (t) => {
  const s = await scenario(t, { publish: false });
  await s.registry.publish(await s.build({ name: 'base', signers: [s.keys.alice, s.keys.stranger] }));
  await refused(t, s, 'base', /^base 1\.0\.0 \(http:\/\/.*base-1\.0\.0\.tar\.gz\) failed verification: 1 of 2 required signatures valid; signatures\[1\]: untrusted key 0[23][0-9a-f]{10}…$/);
});

test('a dependency conflict with an installed module is refused before any download', async (t) => {
  const s = await scenario(t);
  await installModule(await s.session(), 'base', '*');
  await s.registry.publish(await s.build({ name: 'base', version: '2.0.0' }));
  await s.registry.publish(await s.build({ name: 'app', version: '2.0.0', requires: { base: '^2.0.0' } }));
  await refused(t, s, 'app', /^dependency conflict: app 2\.0\.0 requires base \^2\.0\.0, but base 1\.0\.0 is installed \(upgrade or remove it first\)$/);
});
