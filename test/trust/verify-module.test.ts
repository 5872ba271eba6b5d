import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import type { NodeConfig } from '../../src/config/types.js';
import { generatePrivateKey, publicKeyOf } from '../../src/trust/keys.js';
import { JsonRollbackState } from '../../src/trust/rollback-state.js';
import { signModule } from '../../src/trust/sign-module.js';
import { verifyModule } from '../../src/trust/verify-module.js';
import { NODE_VERSION } from '../../src/version.js';
import { BASIC_MANIFEST, makeConfig, makeModule, tempDir, writeBinary } from './fixture.js';

const alice = generatePrivateKey();
const bob = generatePrivateKey();
const carol = generatePrivateKey();

async function config(t: ExecutionContext, security: Partial<NodeConfig['security']> = {}): Promise<NodeConfig> {
  return makeConfig({
    dataDir: await tempDir(t),
    security: {
      trusted_maintainers: [
        { name: 'alice', public_key: publicKeyOf(alice) },
        { name: 'bob', public_key: publicKeyOf(bob) },
        { name: 'carol', public_key: publicKeyOf(carol) },
      ],
      ...security,
    },
  });
}

async function signedModule(t: ExecutionContext, manifest = BASIC_MANIFEST): Promise<string> {
  const dir = await makeModule(t, { manifest, files: { 'lib/util.js': 'export {};\n' } });
  await signModule(dir, alice, { name: 'alice' });
  await signModule(dir, bob, { name: 'bob' });
  return dir;
}

test('a module signed by two trusted maintainers verifies', async (t) => {
  const dir = await signedModule(t);
  const report = await verifyModule(dir, await config(t));
  t.true(report.ok, report.problems.join('\n'));
  t.is(report.name, 'hello');
  t.is(report.version, '1.0.0');
  t.deepEqual(report.integrity, { ok: true, checked: true, problems: [] });
  t.deepEqual(report.signatures.valid.map((v) => v.name), ['alice', 'bob']);
  t.false(report.signatures.unsigned_allowed);
  t.deepEqual(report.capabilities.granted, ['read_blockchain', 'subscribe_events']);
  t.deepEqual(report.compatibility, { ok: true, problems: [] });
  t.true(report.rollback.checked);
});

test('a bad module never throws: its manifest problems land in the report', async (t) => {
  const dir = await makeModule(t, { manifest: 'name = "hello"\n' });
  const report = await verifyModule(dir, await config(t));
  t.false(report.ok);
  t.is(report.manifest, undefined);
  t.deepEqual(report.problems, ['module.toml: version: required field is missing', 'module.toml: entry_point: required field is missing']);
  const missing = await verifyModule(join(dir, 'nowhere'), await config(t));
  t.deepEqual(missing.problems, [`${join(dir, 'nowhere')}: module directory does not exist`]);
});

test('signatures and [binary] are required unless node policy allows unsigned modules', async (t) => {
  const dir = await makeModule(t);
  const strict = await verifyModule(dir, await config(t));
  t.deepEqual(strict.problems, [
    '[binary] is missing: integrity hashes are required when signatures are required (run `blvm module sign`)',
    'module is unsigned: 2 signature(s) from trusted maintainers required',
  ]);
  for (const security of [{ require_signatures: false }, { allow_unsigned: ['hello'] }]) {
    const report = await verifyModule(dir, await config(t, security));
    t.true(report.ok, report.problems.join('\n'));
    t.true(report.signatures.unsigned_allowed);
    t.false(report.integrity.checked);
  }
});

test('an unsigned module allowed by policy is still integrity-checked when it has [binary]', async (t) => {
  const dir = await makeModule(t, { files: { 'lib/util.js': 'export {};\n' } });
  await writeBinary(dir);
  await writeFile(join(dir, 'lib', 'util.js'), 'steal();\n');
  const report = await verifyModule(dir, await config(t, { allow_unsigned: ['hello'] }));
  t.false(report.ok);
  t.deepEqual(report.problems, ['tree hash mismatch: lib/util.js changed']);
});

test('an expired manifest fails even when unsigned modules are allowed', async (t) => {
  const dir = await makeModule(t, { manifest: BASIC_MANIFEST + 'expires = "2020-01-01T00:00:00Z"\n' });
  const report = await verifyModule(dir, await config(t, { require_signatures: false }), { now: new Date('2021-01-01T00:00:00Z') });
  t.deepEqual(report.problems, ['manifest expired at 2020-01-01T00:00:00Z (now 2021-01-01T00:00:00.000Z)']);
});

test('a capability outside [security].allowed_capabilities makes the module unloadable', async (t) => {
  const dir = await signedModule(t);
  const report = await verifyModule(dir, await config(t, { allowed_capabilities: ['read_blockchain'] }));
  t.false(report.ok);
  t.deepEqual(report.problems, ['capability "subscribe_events" is not allowed by [security].allowed_capabilities']);
});

test('a blvm-node range this node does not satisfy fails compatibility', async (t) => {
  const dir = await signedModule(t, BASIC_MANIFEST + '[dependencies]\n"blvm-node" = ">=99.0.0"\n');
  const report = await verifyModule(dir, await config(t));
  t.false(report.compatibility.ok);
  t.deepEqual(report.problems, [`dependencies.blvm-node: requires blvm-node ">=99.0.0" but this node is ${NODE_VERSION}`]);
});

test('a downgrade below the recorded version is refused unless allowed, and verify records nothing', async (t) => {
  const dir = await signedModule(t);
  const cfg = await config(t);
  const file = join(cfg.node.data_dir, 'trust', 'versions.json');
  await mkdir(join(cfg.node.data_dir, 'trust'));
  await writeFile(file, JSON.stringify({ format: 1, modules: { hello: '1.5.0' } }));
  const refused = await verifyModule(dir, cfg);
  t.deepEqual(refused.problems, [
    'version 1.0.0 is older than 1.5.0, the highest version accepted before (add "hello" to [security].allow_downgrade to allow the downgrade)',
  ]);
  const allowed = await verifyModule(dir, await config(t, { allow_downgrade: ['hello'] }), { rollback: await JsonRollbackState.open(file) });
  t.true(allowed.ok);
  t.true(allowed.rollback.downgrade_allowed);
  t.deepEqual(JSON.parse(await readFile(file, 'utf8')), { format: 1, modules: { hello: '1.5.0' } });
});

test('verification does not record an accepted version; the caller does', async (t) => {
  const dir = await signedModule(t);
  const state = await JsonRollbackState.open(join(await tempDir(t), 'versions.json'));
  const report = await verifyModule(dir, await config(t), { rollback: state });
  t.true(report.ok);
  t.is(await state.highestAccepted('hello'), undefined);
  await state.recordAccepted(report.name!, report.version!);
  t.is(await state.highestAccepted('hello'), '1.0.0');
});
