// Registry holes of issue 13, performed with the real CLI against a real registry server on
// 127.0.0.1: configuration smuggled in artifacts, lenient versions, malformed signatures.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { execa } from 'execa';
import { secp } from '../../src/trust/secp.js';
import { BIN, cliPublish } from '../registry/helpers/cli-registry.js';
import { servedRegistry, type ServedRegistry } from '../registry/helpers/served.js';
import { artifactPaths, readIndexFile, replaceArtifact, resignIndex, withExtraFile } from '../registry/helpers/tamper.js';
import { buildModule, makeKeys, nodeDirs, tempDir, type Keys, type ModuleSpec, type NodeDirs } from '../registry/helpers/world.js';

interface World {
  keys: Keys;
  registry: ServedRegistry;
  node: NodeDirs;
  sources: string;
  build(spec: ModuleSpec): Promise<string>;
  blvm(args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }>;
}

async function world(t: ExecutionContext): Promise<World> {
  const keys = await makeKeys(t);
  const registry = await servedRegistry(t, keys.registry);
  const sources = await tempDir(t, 'blvm-registry-src-');
  const node = await nodeDirs(t, keys, registry.url);
  const build = (spec: ModuleSpec) => buildModule(sources, { signers: [keys.alice, keys.bob], ...spec });
  const blvm = async (args: string[]) => {
    const r = await execa('node', [BIN, ...args, '--config', join(node.root, 'blvm.toml')], { reject: false, timeout: 60_000 });
    return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  return { keys, registry, node, sources, build, blvm };
}

const artifactOf = async (w: World, name: string, version: string): Promise<Buffer> =>
  readFile(join(w.registry.dir, (await readIndexFile(w.registry.dir)).signed.modules[name].versions[version].artifact));

test('registry publish never packs the module dir config.toml, and says so (issue 13)', async (t) => {
  const w = await world(t);
  const dir = await w.build({ name: 'base', configToml: 'mode = "exit-at-start"\n' });
  const result = await execa('node', [BIN, 'registry', 'publish', dir, '--registry', w.registry.dir, '--key', w.keys.registry.file], { reject: false });
  t.is(result.exitCode, 0, String(result.stderr));
  t.regex(String(result.stderr), /warning: .*base-1\.0\.0\/config\.toml is local configuration and was not packed: nodes configure base in \[modules\.base\]/);
  const paths = artifactPaths(await artifactOf(w, 'base', '1.0.0'));
  t.true(paths.includes('module.toml') && paths.includes('main.js'), paths.join(', '));
  t.false(paths.includes('config.toml'));
});

test('install refuses an artifact that carries config.toml, naming it, and installs nothing (issue 13)', async (t) => {
  const w = await world(t);
  await cliPublish(t, await w.build({ name: 'base' }), w.registry.dir, w.keys.registry);
  // The registry operator adds configuration no maintainer signed and re-signs the index.
  const smuggled = withExtraFile(await artifactOf(w, 'base', '1.0.0'), 'config.toml', 'mode = "exit-at-start"\n');
  await replaceArtifact(w.registry.dir, w.keys.registry.priv, 'base', '1.0.0', smuggled);
  const install = await w.blvm(['module', 'install', 'base']);
  t.is(install.exitCode, 1, install.stdout);
  t.regex(install.stderr, /artifact http:\/\/127\.0\.0\.1:\d+\/modules\/base\/base-1\.0\.0\.tar\.gz: entry "config\.toml" is a module configuration: an artifact never carries config\.toml/);
  t.deepEqual(await readdir(w.node.modulesDir), []);
});

test('upgrade keeps the config.toml the operator placed in the installed module (issue 13)', async (t) => {
  const w = await world(t);
  await cliPublish(t, await w.build({ name: 'base' }), w.registry.dir, w.keys.registry);
  t.is((await w.blvm(['module', 'install', 'base'])).exitCode, 0);
  await writeFile(join(w.node.modulesDir, 'base', 'config.toml'), 'operator = "mine"\n');
  await cliPublish(t, await w.build({ name: 'base', version: '1.1.0', configToml: 'operator = "theirs"\n' }), w.registry.dir, w.keys.registry);
  const upgrade = await w.blvm(['module', 'upgrade', 'base']);
  t.is(upgrade.exitCode, 0, upgrade.stderr);
  t.regex(await readFile(join(w.node.modulesDir, 'base', 'module.toml'), 'utf8'), /version = "1\.1\.0"/);
  t.is(await readFile(join(w.node.modulesDir, 'base', 'config.toml'), 'utf8'), 'operator = "mine"\n');
});

test('a lenient version is refused by sign and publish with the field named (issue 13)', async (t) => {
  const w = await world(t);
  for (const version of ['v0.3.0', ' 0.1.0 ']) {
    const dir = await buildModule(w.sources, { name: 'lenient', version });
    const strict = version.trim().replace(/^v/, '');
    const publish = await execa('node', [BIN, 'registry', 'publish', dir, '--registry', w.registry.dir, '--key', w.keys.registry.file], { reject: false });
    t.is(publish.exitCode, 1);
    t.true(String(publish.stderr).includes(`module.toml:2: version: ${JSON.stringify(version)} is not a strict semantic version: write "${strict}"`), String(publish.stderr));
    const sign = await w.blvm(['module', 'sign', dir, '--key', w.keys.alice.file, '--name', 'alice']);
    t.is(sign.exitCode, 1);
    t.true(sign.stderr.includes(`version: ${JSON.stringify(version)} is not a strict semantic version`), sign.stderr);
  }
});

test('a signed index with a lenient version entry stays usable for search, install and publish (issue 13)', async (t) => {
  const w = await world(t);
  await cliPublish(t, await w.build({ name: 'base' }), w.registry.dir, w.keys.registry);
  await resignIndex(w.registry.dir, [w.keys.registry.priv], (signed) => {
    const entry = signed.modules.base.versions['1.0.0'];
    signed.modules.base.versions['v0.3.0'] = { ...entry, manifest: { ...entry.manifest, version: 'v0.3.0' } };
  });
  const search = await w.blvm(['module', 'search', '']);
  t.is(search.exitCode, 0, search.stderr);
  t.regex(search.stdout, /^base +1\.0\.0 +- /m);
  t.regex(search.stderr, /^blvm: warning: registry index http:\/\/127\.0\.0\.1:\d+\/index\.json: signed\.modules\.base\.versions\."v0\.3\.0": "v0\.3\.0" is not a strict semantic version: write "0\.3\.0" \(entry skipped\)$/m);
  const install = await w.blvm(['module', 'install', 'base']);
  t.is(install.exitCode, 0, install.stderr);
  t.regex(install.stderr, /entry skipped/);
  const publish = await execa('node', [BIN, 'registry', 'publish', await w.build({ name: 'other' }), '--registry', w.registry.dir, '--key', w.keys.registry.file], { reject: false });
  t.is(publish.exitCode, 0, String(publish.stderr));
  t.regex(String(publish.stderr), /warning: dropped from the new index: .*"v0\.3\.0"/);
  t.deepEqual(Object.keys((await readIndexFile(w.registry.dir)).signed.modules.base.versions), ['1.0.0']);
});

test('a lenient version on the command line is refused with the strict spelling (issue 13)', async (t) => {
  const w = await world(t);
  await cliPublish(t, await w.build({ name: 'base' }), w.registry.dir, w.keys.registry);
  const install = await w.blvm(['module', 'install', 'base@v1.0.0']);
  t.is(install.exitCode, 2, 'a usage error');
  t.regex(install.stderr, /"v1\.0\.0" is not a strict semantic version: write "1\.0\.0" \(in base@v1\.0\.0\)/);
  t.deepEqual(await readdir(w.node.modulesDir), []);
});

const N = secp.Point.CURVE().n;
const hex32 = (value: bigint): string => value.toString(16).padStart(64, '0');

test('module verify counts a malformed signature from a trusted key as one rejected entry; the 2-of-2 still verifies (issue 13)', async (t) => {
  const w = await world(t);
  const dir = await w.build({ name: 'base' });
  const extra = `\n[[signatures]]\nname = "carol"\npublic_key = "${w.keys.stranger.pub}"\nsignature = "${hex32(0n)}${hex32(1n)}"\n`;
  await writeFile(join(dir, 'module.toml'), (await readFile(join(dir, 'module.toml'), 'utf8')) + extra);
  const config = join(w.node.root, 'three.toml');
  const trusted = [w.keys.alice, w.keys.bob, { ...w.keys.stranger, name: 'carol' }].map((k) => `{ name = "${k.name}", public_key = "${k.pub}" }`);
  await writeFile(config, `[node]\ndata_dir = "data"\n\n[security]\nsignature_threshold = "2-of-3"\ntrusted_maintainers = [ ${trusted.join(', ')} ]\n`);
  const result = await execa('node', [BIN, 'module', 'verify', dir, '--config', config], { reject: false });
  const out = String(result.stdout);
  t.is(result.exitCode, 0, out);
  t.regex(out, /✓ signatures: 2 of 2 required valid \(alice, bob\)\n {4}signatures\[2\] 0[23][0-9a-f]{10}…: malformed signature: r is zero \(entry by carol\)\n/);
  t.false(out.includes('✗'), out);
  t.regex(out, /verified: the module may be loaded$/);
});

test('registry commands treat a malformed index signature by a trusted key as one invalid signature, never "bad number" (issue 13)', async (t) => {
  const w = await world(t);
  await cliPublish(t, await w.build({ name: 'base' }), w.registry.dir, w.keys.registry);
  const index = await readIndexFile(w.registry.dir);
  const outOfRange = { public_key: w.keys.registry.pub, signature: `${hex32(N)}${hex32(1n)}` };
  await writeFile(join(w.registry.dir, 'index.json'), JSON.stringify({ ...index, signatures: [outOfRange] }));
  const alone = await w.blvm(['module', 'search', '']);
  t.is(alone.exitCode, 1);
  t.regex(alone.stderr, /0 of 1 required registry signatures valid: signatures\[0\]: malformed signature: r is not below the curve order n \(entry by registry\)/);
  t.notRegex(alone.stderr, /bad number|out of range/);
  await writeFile(join(w.registry.dir, 'index.json'), JSON.stringify({ ...index, signatures: [outOfRange, ...index.signatures] }));
  const beside = await w.blvm(['module', 'search', '']);
  t.is(beside.exitCode, 0, beside.stderr);
  t.regex(beside.stdout, /^base +1\.0\.0/m);
});
