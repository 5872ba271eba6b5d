import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import type { ManifestSignature } from '../../src/manifest/types.js';
import { run as keygen } from '../../src/cli/commands/keygen.js';
import { run as sign } from '../../src/cli/commands/module-sign.js';
import { run as verify } from '../../src/cli/commands/module-verify.js';
import { run as migrate } from '../../src/cli/commands/module-migrate.js';
import type { NodeConfig } from '../../src/config/types.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { BASIC_MANIFEST, makeConfig, makeModule, tempDir } from './fixture.js';

interface Captured {
  out: string;
  err: string;
  io: { stdout: (s: string) => void; stderr: (s: string) => void; config: () => Promise<NodeConfig> };
}

function capture(config: NodeConfig = makeConfig()): Captured {
  const c: Captured = {
    out: '',
    err: '',
    io: {
      stdout: (s) => void (c.out += s),
      stderr: (s) => void (c.err += s),
      config: async () => config,
    },
  };
  return c;
}

async function newKey(t: ExecutionContext, dir: string, name: string): Promise<{ file: string; publicKey: string }> {
  const file = join(dir, `${name}.key`);
  const c = capture();
  t.is(await keygen(['--out', file], c.io), 0, c.err);
  return { file, publicKey: c.out.trim() };
}

test('keygen → sign with two trusted keys → verify passes; dropping a trusted key makes it fail', async (t) => {
  const keys = await tempDir(t);
  const alice = await newKey(t, keys, 'alice');
  const bob = await newKey(t, keys, 'bob');
  const dir = await makeModule(t, { files: { 'lib/util.js': 'export {};\n' } });
  for (const [key, name] of [[alice, 'alice'], [bob, 'bob']] as const) {
    const c = capture();
    t.is(await sign([dir, '--key', key.file, '--name', name], c.io), 0, c.err);
    t.regex(c.out, new RegExp(`^signed by ${name} ${key.publicKey.slice(0, 12)}… in .*module\\.toml\\n`));
  }
  const trustedBoth = [
    { name: 'alice', public_key: alice.publicKey },
    { name: 'bob', public_key: bob.publicKey },
  ];
  const dataDir = await tempDir(t);
  const ok = capture(makeConfig({ dataDir, security: { trusted_maintainers: trustedBoth } }));
  t.is(await verify([dir], ok.io), 0, ok.out);
  t.regex(ok.out, /✓ integrity: entry point main\.js and 1 other file\(s\) match \[binary\]/);
  t.regex(ok.out, /✓ signatures: 2 of 2 required valid \(alice, bob\)/);
  t.regex(ok.out, /verified: the module may be loaded\n$/);

  const failing = capture(makeConfig({ dataDir, security: { trusted_maintainers: trustedBoth.slice(0, 1) } }));
  t.is(await verify([dir], failing.io), 1);
  t.regex(failing.out, /✗ signatures: 1 of 2 required valid \(alice\)/);
  t.true(failing.out.includes(`untrusted key ${bob.publicKey.slice(0, 12)}…`));
});

test('keygen writes the key with mode 0600, prints the public key and never overwrites', async (t) => {
  const file = join(await tempDir(t), 'k.key');
  const c = capture();
  t.is(await keygen(['--out', file], c.io), 0);
  t.regex(c.out, /^0[23][0-9a-f]{64}\n$/);
  t.regex(await readFile(file, 'utf8'), /^[0-9a-f]{64}\n$/);
  t.is((await stat(file)).mode & 0o077, 0);
  const before = await readFile(file, 'utf8');
  const again = capture();
  t.is(await keygen(['--out', file], again.io), 1);
  t.is(again.err, `blvm keygen: ${file} already exists; refusing to overwrite a key file\n`);
  t.is(await readFile(file, 'utf8'), before);
});

test('signing again with the same key replaces its entry and leaves the rest of module.toml as written', async (t) => {
  const keys = await tempDir(t);
  const alice = await newKey(t, keys, 'alice');
  const original = '# hello module\n' + BASIC_MANIFEST + '\n[config_schema]\ngreeting = "what to say"   # shown in docs\n';
  const dir = await makeModule(t, { manifest: original });
  t.is(await sign([dir, '--key', alice.file], capture().io), 0);
  await writeFile(join(dir, 'main.js'), '#!/usr/bin/env node\nconsole.log("v2");\n');
  const c = capture();
  t.is(await sign([dir, '--key', alice.file, '--name', 'alice'], c.io), 0, c.err);
  t.regex(c.out, /^replaced the signature by alice/);
  const text = await readFile(join(dir, 'module.toml'), 'utf8');
  t.true(text.startsWith(original.trimEnd() + '\n\n[binary]\n'));
  const manifest = parseManifest(text, 'module.toml');
  t.deepEqual((manifest.signatures as ManifestSignature[] | undefined)?.map((s) => [s.name, s.public_key]), [['alice', alice.publicKey]]);
});

test('signing reports when another maintainer must sign again after the content changed', async (t) => {
  const keys = await tempDir(t);
  const alice = await newKey(t, keys, 'alice');
  const bob = await newKey(t, keys, 'bob');
  const dir = await makeModule(t);
  t.is(await sign([dir, '--key', alice.file, '--name', 'alice'], capture().io), 0);
  await writeFile(join(dir, 'extra.js'), 'more();\n');
  const c = capture();
  t.is(await sign([dir, '--key', bob.file, '--name', 'bob'], c.io), 0);
  t.true(c.out.includes(`✗ alice ${alice.publicKey.slice(0, 12)}…: no longer matches the content: that maintainer must sign again`));
  t.true(c.out.includes(`✓ bob ${bob.publicKey.slice(0, 12)}…: covers the current content`));
});

test('verify names the tampered file and --json prints the whole report', async (t) => {
  const keys = await tempDir(t);
  const alice = await newKey(t, keys, 'alice');
  const dir = await makeModule(t, { files: { 'lib/util.js': 'export {};\n' } });
  t.is(await sign([dir, '--key', alice.file, '--name', 'alice'], capture().io), 0);
  await writeFile(join(dir, 'lib', 'util.js'), 'tampered();\n');
  const config = makeConfig({
    dataDir: await tempDir(t),
    security: { signature_threshold: { m: 1, n: 1 }, trusted_maintainers: [{ name: 'alice', public_key: alice.publicKey }] },
  });
  const human = capture(config);
  t.is(await verify([dir], human.io), 1);
  t.regex(human.out, /✗ integrity: files differ from \[binary\]\n {4}tree hash mismatch: lib\/util\.js changed\n/);
  t.regex(human.out, /verification failed: 1 problem\n$/);
  const json = capture(config);
  t.is(await verify([dir, '--json'], json.io), 1);
  const report = JSON.parse(json.out) as { ok: boolean; problems: string[]; signatures: { valid: unknown[] } };
  t.false(report.ok);
  t.deepEqual(report.problems, ['tree hash mismatch: lib/util.js changed']);
  t.is(report.signatures.valid.length, 1);
});

test('usage errors print the usage line and exit with 2', async (t) => {
  const cases: [typeof keygen, string[], RegExp][] = [
    [keygen, [], /--out FILE is required\nusage: blvm keygen --out FILE\n$/],
    [keygen, ['--out', 'x', '--force'], /Unknown option '--force'[\s\S]*usage: blvm keygen --out FILE\n$/],
    [sign, ['dir'], /--key FILE is required\nusage: blvm module sign DIR --key FILE \[--name NAME\] \[--format reference\|blvm\]\n$/],
    [sign, ['--key', 'k'], /DIR is required\n/],
    [verify, [], /DIR is required\nusage: blvm module verify DIR \[--json\]\n$/],
    [verify, ['a', 'b'], /unexpected argument "b"/],
    [verify, ['a', '--jsn'], /Unknown option '--jsn'/],
  ];
  for (const [command, argv, expected] of cases) {
    const c = capture();
    t.is(await command(argv, c.io), 2, argv.join(' '));
    t.regex(c.err, expected);
    t.is(c.out, '');
  }
});

test('sign fails cleanly with a key file others can read', async (t) => {
  const file = join(await tempDir(t), 'open.key');
  await writeFile(file, '11'.repeat(32) + '\n', { mode: 0o644 });
  await chmod(file, 0o644);
  const dir = await makeModule(t);
  const c = capture();
  t.is(await sign([dir, '--key', file], c.io), 1);
  t.is(c.err, `blvm module sign: key file ${file} is readable by group or others (mode 0644); run chmod 600 ${file}\n`);
});

test('module sign --format reference and module migrate round-trip through the CLI, and verify passes in both forms (issue 15)', async (t) => {
  const keys = await tempDir(t);
  const alice = await newKey(t, keys, 'alice');
  const bob = await newKey(t, keys, 'bob');
  const dir = await makeModule(t);
  const file = join(dir, 'module.toml');
  for (const [key, name] of [[alice, 'alice'], [bob, 'bob']] as const) {
    const c = capture();
    t.is(await sign([dir, '--key', key.file, '--name', name, '--format', 'reference'], c.io), 0, c.err);
    t.regex(c.out, /\[binary\] hash sha256:[0-9a-f]{12}… \(\d+ bytes\), no other file; reference form\n/);
  }
  const reference = await readFile(file, 'utf8');
  t.regex(reference, /\n\[signatures\]\nmaintainers = \[\n    \{ name = "alice", public_key = "0[23][0-9a-f]{64}", signature = "[0-9a-f]{128}" \},\n    \{ name = "bob", /);
  const trustedBoth = [{ name: 'alice', public_key: alice.publicKey }, { name: 'bob', public_key: bob.publicKey }];
  const config = makeConfig({ dataDir: await tempDir(t), security: { trusted_maintainers: trustedBoth } });
  const verified = async (): Promise<number> => verify([dir], capture(config).io);
  t.is(await verified(), 0);
  const toBlvm = capture();
  t.is(await migrate([dir], toBlvm.io), 0, toBlvm.err);
  t.is(toBlvm.out, `${file}: reference form → blvm form; 2 signatures carried over (the signed content is unchanged)\n`);
  t.regex(await readFile(file, 'utf8'), /\nfiles = \{\}\n\n\[\[signatures\]\]\nname = "alice"/);
  t.is(await verified(), 0);
  t.is(await migrate([dir, '--to', 'reference'], capture().io), 0);
  t.is(await readFile(file, 'utf8'), reference);
  const bad = capture();
  t.is(await migrate([dir, '--to', 'toml'], bad.io), 2);
  t.is(bad.err, 'blvm module migrate: --to must be one of reference, blvm, got "toml"\nusage: blvm module migrate DIR [--to reference|blvm]\n');
});

test('migrating a module whose other files are listed keeps the listing in the reference form (issue 15)', async (t) => {
  const keys = await tempDir(t);
  const alice = await newKey(t, keys, 'alice');
  const dir = await makeModule(t, { files: { 'lib/util.js': 'export const u = 1;\n' } });
  t.is(await sign([dir, '--key', alice.file, '--name', 'alice'], capture().io), 0);
  t.is(await migrate([dir], capture().io), 0);
  const text = await readFile(join(dir, 'module.toml'), 'utf8');
  t.regex(text, /tree_hash = "sha256:[0-9a-f]{64}"\nfiles = \{ "lib\/util\.js" = "sha256:[0-9a-f]{64}" \}\n\n\[signatures\]\nmaintainers = \[/);
  const config = makeConfig({ dataDir: await tempDir(t), security: { trusted_maintainers: [{ name: 'alice', public_key: alice.publicKey }], signature_threshold: { m: 1, n: 1 } } });
  t.is(await verify([dir], capture(config).io), 0);
});
