import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { publishModule } from '../../src/registry/publish.js';
import { sha256Hex } from '../../src/trust/hash.js';
import { scenario } from './helpers/scenario.js';

const readIndex = async (dir: string) => JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));

test('publishing stores the artifact under modules/<name>/ and re-signs the index with a higher version', async (t) => {
  const s = await scenario(t);
  const index = await readIndex(s.registry.dir);
  t.is(index.signed.version, 2);
  const entry = index.signed.modules.app.versions['1.0.0'];
  t.is(entry.artifact, 'modules/app/app-1.0.0.tar.gz');
  t.is(sha256Hex(await readFile(join(s.registry.dir, entry.artifact))), entry.sha256);
  t.deepEqual(entry.manifest.dependencies, { base: '^1.0.0' });
  t.is(index.signatures.length, 1);
  t.is(index.signatures[0].public_key, s.keys.registry.pub);
  const report = await s.registry.publish(await s.build({ name: 'base', version: '1.1.0' }));
  t.is(report.indexVersion, 3);
  t.deepEqual(Object.keys((await readIndex(s.registry.dir)).signed.modules.base.versions).sort(), ['1.0.0', '1.1.0']);
  t.deepEqual((await readdir(s.registry.dir)).sort(), ['index.json', 'modules'], 'no temporary files are left in the registry');
});

test('publishing the same version again re-signs only if the content is identical', async (t) => {
  const s = await scenario(t, { publish: false });
  const dir = await s.build({ name: 'base' });
  await s.registry.publish(dir);
  const again = await s.registry.publish(dir);
  t.true(again.republished);
  t.is(again.indexVersion, 2);
  const changed = await s.build({ name: 'base', description: 'something else' });
  await t.throwsAsync(s.registry.publish(changed), { message: /base 1\.0\.0 is already published in .* with other content \(sha256 [0-9a-f]{64}\); publish it under a new version/ });
});

test('publish refuses an index the given key did not sign, and a module whose files changed after signing', async (t) => {
  const s = await scenario(t);
  await t.throwsAsync(s.registry.publish(await s.build({ name: 'extra' }), { key: s.keys.stranger }), {
    message: /index\.json carries no valid signature by the given key\(s\)/,
  });
  const file = join(s.registry.dir, 'index.json');
  await writeFile(file, (await readFile(file, 'utf8')).replace('an app on base', 'an app on BASE'));
  await t.throwsAsync(s.registry.publish(await s.build({ name: 'extra' })), { message: /carries no valid signature/ });
  const dir = await s.build({ name: 'tampered' });
  await writeFile(join(dir, 'lib', 'notes.txt'), 'changed\n');
  await t.throwsAsync(publishModule({ moduleDir: dir, registryDir: s.registry.dir, keys: [s.keys.registry.priv], expiresInMs: 1000 }), {
    message: /the files do not match \[binary\] in module\.toml; sign the module again/,
  });
});
