import test from 'ava';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest } from '../../src/manifest/parse.js';
import { canonicalManifestBytes } from '../../src/trust/canonical.js';
import { migrateManifest } from '../../src/trust/migrate-manifest.js';
import { verifyModule } from '../../src/trust/verify-module.js';
import { JsonRollbackState } from '../../src/trust/rollback-state.js';
import { devKeys, referenceManifestText, signWith, TRUSTED, writeModule, type DevKey, type DevName } from '../fixtures/reference/reference-module.js';
import { makeConfig, tempDir } from './fixture.js';

const ENTRY_SOURCE = '#!/usr/bin/env node\nconsole.log("lightning");\n';

async function signedReference(t: Parameters<typeof tempDir>[0], signers: DevName[] = ['alice', 'bob']) {
  const root = await tempDir(t);
  const keys = await devKeys(join(root, 'keys'));
  const dir = join(root, 'modules', 'lightning-network');
  await writeModule(dir, referenceManifestText(), 'lightning-network', ENTRY_SOURCE);
  await writeModule(join(root, 'modules', 'blvm-mesh'), 'name = "blvm-mesh"\nversion = "0.5.0"\nentry_point = "main.js"\nprovides_capabilities = ["read_lightning"]\n', 'main.js', ENTRY_SOURCE);
  await signWith(dir, signers.map((n) => keys[n]));
  const config = makeConfig({ dataDir: root, security: { trusted_maintainers: TRUSTED, signature_threshold: { m: 2, n: 3 } } });
  const verify = async () => verifyModule(dir, config, { rollback: await JsonRollbackState.open(join(root, 'versions.json')) });
  return { root, dir, keys, config, verify };
}

test('the reference manifest signed 2-of-3 by trusted keys verifies in the reference form (issue 15)', async (t) => {
  const { dir, verify } = await signedReference(t);
  const text = await readFile(join(dir, 'module.toml'), 'utf8');
  t.regex(text, /\[binary\]\nhash = "sha256:[0-9a-f]{64}"\nsize = 46\n\n\[signatures\]\nthreshold = "2-of-3"\nmaintainers = \[\n    \{ name = "alice", public_key = "03[0-9a-f]{64}", signature = "[0-9a-f]{128}" \},\n    \{ name = "bob", /);
  t.notRegex(text, /tree_hash|\[\[signatures\]\]/);
  const report = await verify();
  t.deepEqual(report.problems, []);
  t.deepEqual(report.signatures.valid.map((v) => v.name), ['dev-alice', 'dev-bob']);
  t.deepEqual(report.capabilities.granted, ['read_blockchain', 'subscribe_events', 'read_lightning']);
});

// Every field of the manifest, changed after signing: the change is refused, naming what broke.
const TAMPER: [field: string, from: RegExp, to: string, also?: RegExp][] = [
  ['name', /name = "lightning-network"/, 'name = "lightning-netw0rk"'],
  ['version', /version = "1.2.3"/, 'version = "1.2.4"'],
  ['description', /description = "[^"]*"/, 'description = "Lightning payments, now free"'],
  ['author', /author = "[^"]*"/, 'author = "Mallory"'],
  ['capabilities', /"subscribe_events", /, '"subscribe_events", "network_access", '],
  ['dependencies', /"blvm-node" = ">=0.1.0"/, '"blvm-node" = ">=0.0.1"'],
  ['optional_dependencies', /"blvm-mesh" = ">=0.5.0"/, '"blvm-mesh" = ">=0.4.0"'],
  ['config_schema', /fee_rate = "[^"]*"/, 'fee_rate = "fee rate in sat/vB (default: 500)"'],
  ['binary.hash', /hash = "sha256:[0-9a-f]{4}/, 'hash = "sha256:0000', /entry point lightning-network: hash mismatch/],
  ['binary.size', /size = 46/, 'size = 47', /entry point lightning-network: size mismatch \(manifest 47 bytes, actual 46 bytes\)/],
  ['signatures.threshold', /threshold = "2-of-3"/, 'threshold = "2-of-2"'],
];

for (const [field, from, to, also] of TAMPER) {
  test(`changing ${field} of the signed reference manifest is refused: the signatures no longer cover it (issue 15)`, async (t) => {
    const { dir, verify } = await signedReference(t);
    const file = join(dir, 'module.toml');
    const text = await readFile(file, 'utf8');
    t.regex(text, from);
    await writeFile(file, text.replace(from, to));
    const report = await verify();
    t.false(report.ok);
    t.false(report.signatures.ok);
    t.true(report.problems.includes('0 of 2 required signatures valid'), report.problems.join('\n'));
    t.true(report.problems.includes('signatures.maintainers[0]: signature does not verify for dev-alice over this module.toml'));
    t.true(report.problems.includes('signatures.maintainers[1]: signature does not verify for dev-bob over this module.toml'));
    if (also) t.true(report.problems.some((p) => also.test(p)), report.problems.join('\n'));
  });
}

test('a maintainer entry with an untrusted key does not count, whatever name it gives (issue 15)', async (t) => {
  const { dir, keys, config, root } = await signedReference(t);
  const onlyAliceAndCarol = makeConfig({
    dataDir: root,
    security: { trusted_maintainers: TRUSTED.filter((k) => k.name !== 'dev-bob'), signature_threshold: { m: 2, n: 3 } },
  });
  const report = await verifyModule(dir, onlyAliceAndCarol, { rollback: await JsonRollbackState.open(join(root, 'v.json')) });
  t.false(report.ok);
  t.deepEqual(report.signatures.valid.map((v) => v.name), ['dev-alice']);
  t.deepEqual(report.problems, ['1 of 2 required signatures valid', `signatures.maintainers[1]: untrusted key ${keys.bob.public_key.slice(0, 12)}…`]);
  t.true((await verifyModule(dir, config, { rollback: await JsonRollbackState.open(join(root, 'v.json')) })).ok);
});

test('a second entry by the same trusted key counts once, so 2-of-3 still needs a second maintainer (issue 15)', async (t) => {
  const { dir, keys, verify } = await signedReference(t, ['alice']);
  const file = join(dir, 'module.toml');
  const text = await readFile(file, 'utf8');
  const alice = /(\{ name = "alice"[^\n]*\},)/.exec(text)![1];
  await writeFile(file, text.replace(alice, `${alice}\n    ${alice.replace('"alice"', '"bob"')}`));
  const report = await verify();
  t.false(report.ok);
  t.deepEqual(report.problems, ['1 of 2 required signatures valid', 'signatures.maintainers[1]: second signature by dev-alice ignored']);
  t.is(keys.alice.public_key.length, 66);
});

test('with only the entry point hashed, any other file in the module dir is refused as not covered by [binary] (issue 15)', async (t) => {
  const { dir, verify } = await signedReference(t);
  await writeFile(join(dir, 'config.toml'), 'network = "regtest"\n');
  t.true((await verify()).ok, 'a local config.toml is configuration, not code');
  await writeFile(join(dir, 'helper.js'), 'module.exports = 1;\n');
  const report = await verify();
  t.false(report.ok);
  t.deepEqual(report.integrity.problems, [
    'file helper.js is not covered by [binary]: only the entry point is hashed (remove the file, or sign with tree_hash and files to cover it)',
  ]);
  t.true(report.signatures.ok);
});

test('module migrate converts reference → blvm → reference without re-signing, and both forms verify (issue 15)', async (t) => {
  const { dir, verify } = await signedReference(t);
  const file = join(dir, 'module.toml');
  const reference = await readFile(file, 'utf8');
  t.deepEqual(await migrateManifest(dir), { file, from: 'reference', to: 'blvm', signatures: 2 });
  const blvm = await readFile(file, 'utf8');
  t.regex(blvm, /^capabilities = .*\nthreshold = "2-of-3"\n\n\[dependencies\]/m);
  t.regex(blvm, /tree_hash = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"\nfiles = \{\}\n\n\[\[signatures\]\]\nname = "alice"/);
  t.deepEqual((await verify()).problems, []);
  t.true(canonicalManifestBytes(parseManifest(blvm, file)).equals(canonicalManifestBytes(parseManifest(reference, file))));
  t.deepEqual(await migrateManifest(dir, 'reference'), { file, from: 'blvm', to: 'reference', signatures: 2 });
  t.is(await readFile(file, 'utf8'), reference);
  t.deepEqual((await verify()).problems, []);
});

test('module sign --format blvm then --format reference signs the same content: earlier signatures stay valid (issue 15)', async (t) => {
  const root = await tempDir(t);
  const keys: Record<DevName, DevKey> = await devKeys(join(root, 'keys'));
  const dir = join(root, 'modules', 'lightning-network');
  await writeModule(dir, referenceManifestText().replace(', "read_lightning"', ''), 'lightning-network', ENTRY_SOURCE);
  await signWith(dir, [keys.alice], 'blvm');
  t.regex(await readFile(join(dir, 'module.toml'), 'utf8'), /\[\[signatures\]\]\nname = "alice"/);
  await signWith(dir, [keys.carol], 'reference');
  const config = makeConfig({ dataDir: root, security: { trusted_maintainers: TRUSTED } });
  const report = await verifyModule(dir, config, { rollback: await JsonRollbackState.open(join(root, 'v.json')) });
  t.deepEqual(report.problems, []);
  t.deepEqual(report.signatures.valid.map((v) => v.name), ['dev-alice', 'dev-carol']);
});
