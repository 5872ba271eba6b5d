import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { fetchVerifiedIndex } from '../../src/registry/fetch-index.js';
import { installModule } from '../../src/registry/install.js';
import { removeModule } from '../../src/registry/remove.js';
import { upgradeModule } from '../../src/registry/upgrade.js';
import { verifyModule } from '../../src/trust/verify-module.js';
import { scenario } from './helpers/scenario.js';
import { snapshotDirs } from './helpers/world.js';

test('install resolves, verifies and installs a module with its dependency first', async (t) => {
  const s = await scenario(t);
  const report = await installModule(await s.session(), 'app', '^1');
  t.deepEqual(report.installed.map((m) => `${m.name}@${m.version}`), ['base@1.0.0', 'app@1.0.0']);
  t.is(report.loaded, undefined, 'no node runs, so nothing is loaded');
  for (const name of ['base', 'app']) t.true((await verifyModule(join(s.node.modulesDir, name), s.node.config)).ok);
  t.deepEqual(await snapshotDirs(s.node), { root: ['blvm.toml', 'modules'], modules: ['app', 'base'] });
  t.true(s.lines.some((l) => /^verified app 1\.0\.0: sha256 [0-9a-f]{12}… \(\d+ bytes, from http:\/\/127\.0\.0\.1:\d+\/modules\/app\/app-1\.0\.0\.tar\.gz\), 2 of 2 maintainer signatures \(alice, bob\)/.test(l)), s.lines.join('\n'));
  const state = JSON.parse(await readFile(join(s.node.config.node.data_dir, 'registry', 'state.json'), 'utf8'));
  t.is(state.registries[s.registry.url].version, 2);
  t.is((await readdir(join(s.node.config.node.data_dir, 'registry', 'cache'))).length, 2);
});

test('a second install is served from the verified cache', async (t) => {
  const s = await scenario(t);
  await installModule(await s.session(), 'base', '*');
  await removeModule(s.node.config, 'base');
  await rm(join(s.registry.dir, 'modules'), { recursive: true });
  await installModule(await s.session(), 'base', '*');
  t.true(s.lines.some((l) => /^verified base 1\.0\.0: .*from cache/.test(l)));
});

test('an installed module is not installed twice; an out-of-range one asks for an upgrade', async (t) => {
  const s = await scenario(t);
  await installModule(await s.session(), 'base', '*');
  t.deepEqual((await installModule(await s.session(), 'base', '^1')).installed, []);
  await t.throwsAsync(installModule(await s.session(), 'base', '^2'), { message: /base 1\.0\.0 is installed in .* and does not satisfy \^2; use blvm module upgrade base/ });
});

test('remove refuses while another module requires it, unless forced', async (t) => {
  const s = await scenario(t);
  await installModule(await s.session(), 'app', '*');
  await t.throwsAsync(removeModule(s.node.config, 'base'), { message: 'base is required by app: remove it first, or pass --force' });
  const forced = await removeModule(s.node.config, 'base', { force: true });
  t.deepEqual(forced.dependents, ['app']);
  t.deepEqual(await snapshotDirs(s.node), { root: ['blvm.toml', 'modules'], modules: ['app'] });
  await t.throwsAsync(removeModule(s.node.config, 'base'), { message: /base is not installed in / });
});

test('upgrade without a running node swaps the directory and keeps the runtime data', async (t) => {
  const s = await scenario(t);
  await installModule(await s.session(), 'base', '*');
  await mkdir(join(s.node.modulesDir, 'base', 'data'));
  await writeFile(join(s.node.modulesDir, 'base', 'data', 'state'), 'kept');
  await s.registry.publish(await s.build({ name: 'base', version: '1.2.0' }));
  const report = await upgradeModule(await s.session(), 'base', '*');
  t.is(report.to, '1.2.0');
  t.regex(await readFile(join(s.node.modulesDir, 'base', 'module.toml'), 'utf8'), /version = "1\.2\.0"/);
  t.is(await readFile(join(s.node.modulesDir, 'base', 'data', 'state'), 'utf8'), 'kept');
  t.deepEqual(await snapshotDirs(s.node), { root: ['blvm.toml', 'modules'], modules: ['base'] });
  t.is((await upgradeModule(await s.session(), 'base', '*')).to, undefined, 'already the newest');
});

test('upgrading a module that others require in the old range is a dependency conflict', async (t) => {
  const s = await scenario(t);
  await installModule(await s.session(), 'app', '*');
  await s.registry.publish(await s.build({ name: 'base', version: '2.0.0' }));
  await t.throwsAsync(upgradeModule(await s.session(), 'base', '*'), {
    message: 'dependency conflict: app 1.0.0 requires base ^1.0.0, which base 2.0.0 does not satisfy (upgrade those first)',
  });
  t.regex(await readFile(join(s.node.modulesDir, 'base', 'module.toml'), 'utf8'), /version = "1\.0\.0"/);
  await stat(join(s.node.modulesDir, 'base'));
});

test('the index version seen is recorded and never goes back', async (t) => {
  const s = await scenario(t);
  const v2 = await readFile(join(s.registry.dir, 'index.json'));
  await s.registry.publish(await s.build({ name: 'base', version: '1.0.1' }));
  t.is((await fetchVerifiedIndex(s.node.config)).index.signed.version, 3);
  await writeFile(join(s.registry.dir, 'index.json'), v2);
  await t.throwsAsync(fetchVerifiedIndex(s.node.config), { message: /index version 2 is older than version 3 seen at .* \(rollback refused\)/ });
});
