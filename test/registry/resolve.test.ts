import test from 'ava';
import type { RegistryIndex, VersionEntry } from '../../src/registry/index-types.js';
import type { InstalledModule } from '../../src/registry/installed.js';
import { parseModuleSpec, pickVersion, Resolver, unmetDependents } from '../../src/registry/resolve.js';

function entry(name: string, version: string, dependencies: Record<string, string> = {}): VersionEntry {
  return {
    manifest: { name, version, entry_point: 'main.js', dependencies: { 'blvm-node': '>=0.1.0', ...dependencies } },
    artifact: `modules/${name}/${name}-${version}.tar.gz`,
    sha256: '0'.repeat(64),
    size: 1,
    published: '2025-01-01T00:00:00.000Z',
  };
}

function index(...entries: VersionEntry[]): RegistryIndex {
  const modules: RegistryIndex['signed']['modules'] = {};
  for (const e of entries) {
    modules[e.manifest.name] ??= { versions: {} };
    modules[e.manifest.name].versions[e.manifest.version] = e;
  }
  return { format: 1, signed: { version: 1, expires: '2999-01-01T00:00:00Z', modules }, signatures: [] };
}

const installed = (...mods: [string, string, Record<string, string>?][]): Map<string, InstalledModule> =>
  new Map(mods.map(([name, version, dependencies]) => [name, { name, dir: `/m/${name}`, version, dependencies: dependencies ?? {}, optional: {} }]));

test('name@range picks the highest version in range; a bare name means any version', (t) => {
  const idx = index(entry('base', '1.0.0'), entry('base', '1.4.2'), entry('base', '2.0.0'));
  t.deepEqual(parseModuleSpec('base@^1'), { name: 'base', range: '^1' });
  t.is(pickVersion(idx, 'base', '^1', null).manifest.version, '1.4.2');
  t.is(pickVersion(idx, 'base', parseModuleSpec('base').range, null).manifest.version, '2.0.0');
  t.throws(() => pickVersion(idx, 'base', '^3', null), { message: 'no version of base satisfies ^3; the registry has 1.0.0, 1.4.2, 2.0.0' });
  t.throws(() => pickVersion(idx, 'ghost', '*', 'app 1.0.0'), { message: 'no module named "ghost" in the registry (required by app 1.0.0)' });
  t.throws(() => parseModuleSpec('Bad Name'), { message: /is not a module name/ });
  t.throws(() => parseModuleSpec('base@not a range!'), { message: /is not a semver range/ });
});

test('dependencies come first, installed ones that satisfy the range are reused', (t) => {
  const idx = index(entry('app', '1.0.0', { lib: '^1', base: '^1' }), entry('lib', '1.2.0', { base: '^1.1' }), entry('base', '1.3.0'));
  const fresh = new Resolver(idx, new Map());
  fresh.add(pickVersion(idx, 'app', '*', null), '*', null);
  t.deepEqual(fresh.steps.map((s) => `${s.name}@${s.version}`), ['base@1.3.0', 'lib@1.2.0', 'app@1.0.0']);
  const withBase = new Resolver(idx, installed(['base', '1.1.5']));
  withBase.add(pickVersion(idx, 'app', '*', null), '*', null);
  t.deepEqual(withBase.steps.map((s) => s.name), ['lib', 'app']);
});

test('an installed dependency outside the required range is a dependency conflict naming both sides', (t) => {
  const idx = index(entry('app', '2.0.0', { base: '^2' }), entry('base', '2.0.0'));
  const resolver = new Resolver(idx, installed(['base', '1.0.0']));
  t.throws(() => resolver.add(pickVersion(idx, 'app', '*', null), '*', null), {
    message: 'dependency conflict: app 2.0.0 requires base ^2, but base 1.0.0 is installed (upgrade or remove it first)',
  });
});

test('two modules requiring incompatible versions of one dependency conflict', (t) => {
  const idx = index(entry('app', '1.0.0', { a: '*', b: '*' }), entry('a', '1.0.0', { base: '^1' }), entry('b', '1.0.0', { base: '^2' }), entry('base', '1.0.0'), entry('base', '2.0.0'));
  const resolver = new Resolver(idx, new Map());
  t.throws(() => resolver.add(pickVersion(idx, 'app', '*', null), '*', null), {
    message: 'dependency conflict: b 1.0.0 requires base ^2, but a 1.0.0 requires base ^1 (resolved to 1.0.0)',
  });
});

test('an upgrade that breaks an installed dependent is found', (t) => {
  const mods = installed(['base', '1.0.0'], ['app', '1.0.0', { base: '^1' }], ['tool', '1.0.0', { base: '>=1' }]);
  t.deepEqual(unmetDependents(mods, 'base', '2.0.0'), ['app 1.0.0 requires base ^1']);
  t.deepEqual(unmetDependents(mods, 'base', '1.5.0'), []);
});
