import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { cliPublish, cliServe } from '../registry/helpers/cli-registry.js';
import { buildModule, makeKeys, registryToml, securityToml, tempDir, type ModuleSpec } from '../registry/helpers/world.js';

interface World {
  node: IsolatedNode;
  publish(spec: ModuleSpec): Promise<void>;
}

async function world(t: ExecutionContext): Promise<World> {
  const keys = await makeKeys(t);
  const work = await tempDir(t, 'blvm-registry-e2e-');
  const registryDir = join(work, 'registry');
  const publish = async (spec: ModuleSpec) => {
    await cliPublish(t, await buildModule(work, { signers: [keys.alice, keys.bob], ...spec }), registryDir, keys.registry);
  };
  await publish({ name: 'base' });
  await publish({ name: 'app', requires: { base: '^1.0.0' } });
  const url = await cliServe(t, registryDir);
  const node = await IsolatedNode.create({ security: securityToml(keys), extraConfig: registryToml(keys, url) });
  t.teardown(() => node.destroy());
  return { node, publish };
}

const leftovers = async (node: IsolatedNode): Promise<string[]> => (await readdir(node.root)).filter((name) => name.startsWith('.blvm-'));
const accepted = async (node: IsolatedNode): Promise<Record<string, string>> =>
  JSON.parse(await readFile(join(node.dataDir, 'trust', 'versions.json'), 'utf8')).modules;

test('an upgrade whose new version fails to start rolls back to the old version, running again', async (t) => {
  const { node, publish } = await world(t);
  const install = await node.cli(['module', 'install', 'base']);
  t.is(install.exitCode, 0, install.stderr);
  await publish({ name: 'base', version: '1.1.0', main: 'process.exit(1);' });
  const upgrade = await node.cli(['module', 'upgrade', 'base'], { timeoutMs: 90_000 });
  t.is(upgrade.exitCode, 1, upgrade.stdout);
  t.regex(upgrade.stdout, /^verified base 1\.1\.0: /m);
  t.regex(upgrade.stderr, /^blvm: upgrade of base to 1\.1\.0 failed: the new version did not start \(phase \w+, last exit code 1 .*\); restored base 1\.0\.0, running again$/);
  const base = await node.module('base');
  t.is(base.version, '1.0.0');
  t.is(base.phase, 'monitoring');
  t.regex(await readFile(join(node.modulesDir, 'base', 'module.toml'), 'utf8'), /^version = "1\.0\.0"$/m);
  t.is((await accepted(node)).base, '1.0.0', 'the failed version is not left recorded as accepted');
  t.deepEqual(await leftovers(node), []);
});

test('a successful upgrade replaces the running module, and remove respects dependents', async (t) => {
  const { node, publish } = await world(t);
  t.is((await node.cli(['module', 'install', 'app'])).exitCode, 0);
  await publish({ name: 'base', version: '1.1.0' });
  const upgrade = await node.cli(['module', 'upgrade', 'base'], { timeoutMs: 90_000 });
  t.is(upgrade.exitCode, 0, upgrade.stderr);
  t.regex(upgrade.stdout, /upgraded base 1\.0\.0 -> 1\.1\.0 in .*; running in the node: monitoring$/);
  await node.waitFor('base', (m) => m.version === '1.1.0' && m.phase === 'monitoring');
  await node.waitForPhase('app', 'monitoring');
  t.is((await accepted(node)).base, '1.1.0');

  const refused = await node.cli(['module', 'remove', 'base']);
  t.is(refused.exitCode, 1);
  t.is(refused.stderr, 'blvm: base is required by app: remove it first, or pass --force');
  const removed = await node.cli(['module', 'remove', 'app']);
  t.is(removed.exitCode, 0, removed.stderr);
  t.regex(removed.stdout, /^removed app 1\.0\.0 from .*modules\/app after stopping it in the running node$/);
  t.is((await node.module('app')).phase, 'stopped');
  t.is((await node.module('base')).phase, 'monitoring');
  t.deepEqual(await readdir(node.modulesDir), ['base']);
  t.deepEqual(await leftovers(node), []);
});
