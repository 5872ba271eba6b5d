import { chmod, mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { BlvmError } from '../../src/errors.js';
import { loadManifest } from '../../src/manifest/load-manifest.js';
import { BASIC_MANIFEST, makeModule, tempDir } from '../trust/fixture.js';

const withEntry = (entry: string): string => BASIC_MANIFEST.replace('entry_point = "main.js"', `entry_point = ${JSON.stringify(entry)}`);

async function loadProblems(dir: string): Promise<{ message: string; details: string[] }> {
  const error = await loadManifest(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof BlvmError)) throw new Error('expected a BlvmError');
  return { message: error.message, details: error.details };
}

test('a valid module directory loads with its real paths and the text as read', async (t) => {
  const dir = await makeModule(t);
  const loaded = await loadManifest(dir);
  const real = await realpath(dir);
  t.is(loaded.dir, real);
  t.is(loaded.file, join(real, 'module.toml'));
  t.is(loaded.entryPath, join(real, 'main.js'));
  t.is(loaded.text, BASIC_MANIFEST);
  t.is(loaded.manifest.name, 'hello');
});

test('an entry point climbing out of the module directory is refused', async (t) => {
  const dir = await makeModule(t, { manifest: withEntry('../../bin/sh') });
  const { message, details } = await loadProblems(dir);
  t.is(message, `${join(await realpath(dir), 'module.toml')}: 1 problem`);
  t.deepEqual(details, ['module.toml:3: entry_point: "../../bin/sh" resolves outside the module directory']);
});

test('an absolute entry point is refused', async (t) => {
  const dir = await makeModule(t, { manifest: withEntry('/bin/sh') });
  t.deepEqual((await loadProblems(dir)).details, ['module.toml:3: entry_point: "/bin/sh" must be a relative path inside the module directory']);
});

test('an entry point that is a symlink pointing outside the module is refused', async (t) => {
  const outside = await tempDir(t);
  const target = join(await realpath(outside), 'evil.js');
  await writeFile(target, '#!/bin/sh\n', { mode: 0o755 });
  const dir = await makeModule(t, { manifest: withEntry('run.js') });
  await symlink(target, join(dir, 'run.js'));
  t.deepEqual((await loadProblems(dir)).details, [`module.toml:3: entry_point: "run.js" resolves outside the module directory (to ${target})`]);
});

test('an entry point that is a symlink to a file inside the module is accepted', async (t) => {
  const dir = await makeModule(t, { manifest: withEntry('bin/run') });
  await mkdir(join(dir, 'bin'));
  await symlink('../main.js', join(dir, 'bin', 'run'));
  const loaded = await loadManifest(dir);
  t.is(loaded.entryPath, join(await realpath(dir), 'main.js'));
});

test('an entry point that is not executable by its owner is refused with its mode', async (t) => {
  const dir = await makeModule(t);
  await chmod(join(dir, 'main.js'), 0o644);
  t.deepEqual((await loadProblems(dir)).details, ['module.toml:3: entry_point: "main.js" is not executable by its owner (mode 0644; run chmod u+x)']);
});

test('a missing entry point and a directory entry point are refused', async (t) => {
  const missing = await makeModule(t, { manifest: withEntry('nope.js') });
  t.deepEqual((await loadProblems(missing)).details, ['module.toml:3: entry_point: "nope.js" does not exist']);
  const directory = await makeModule(t, { manifest: withEntry('lib') });
  await mkdir(join(directory, 'lib'));
  t.deepEqual((await loadProblems(directory)).details, ['module.toml:3: entry_point: "lib" is not a regular file']);
});

test('schema problems and entry point problems are reported together', async (t) => {
  const dir = await makeModule(t, { manifest: withEntry('main.js').replace('"1.0.0"', '"one"') + 'capabilities2 = []\n' });
  await chmod(join(dir, 'main.js'), 0o600);
  const { message, details } = await loadProblems(dir);
  t.regex(message, /module\.toml: 3 problems$/);
  t.deepEqual(details, [
    'module.toml:2: version: "one" is not a valid semantic version (e.g. "1.2.3")',
    'module.toml:3: entry_point: "main.js" is not executable by its owner (mode 0600; run chmod u+x)',
    'module.toml:6: capabilities2: unknown field (did you mean "capabilities"?)',
  ]);
});

test('a manifest over 64 KiB is refused before it is parsed', async (t) => {
  const dir = await makeModule(t, { manifest: BASIC_MANIFEST + `author = "${'a'.repeat(70_000)}"\n` + 'this is not TOML\n' });
  const error = await t.throwsAsync(loadManifest(dir), { instanceOf: BlvmError });
  t.is(error?.code, 'manifest_invalid');
  t.regex(error?.message ?? '', /module\.toml: \d+ bytes is over the 65536-byte \(64 KiB\) manifest limit$/);
  t.deepEqual(error?.details, []);
});

test('a directory without module.toml is reported as not found', async (t) => {
  const dir = await tempDir(t);
  const error = await t.throwsAsync(loadManifest(dir), { instanceOf: BlvmError });
  t.is(error?.code, 'not_found');
  t.is(error?.message, `${join(await realpath(dir), 'module.toml')}: no module manifest found`);
});
