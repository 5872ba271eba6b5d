import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { BlvmError } from '../../src/errors.js';
import { generatePrivateKey, publicKeyOf, readPrivateKeyFile } from '../../src/trust/keys.js';
import { tempDir } from './fixture.js';

test('a generated key is 64 hex characters and has a compressed public key', (t) => {
  const key = generatePrivateKey();
  t.regex(key, /^[0-9a-f]{64}$/);
  t.regex(publicKeyOf(key), /^0[23][0-9a-f]{64}$/);
  t.not(generatePrivateKey(), key);
});

test('a private key file with mode 0600 is read back', async (t) => {
  const file = join(await tempDir(t), 'alice.key');
  const key = generatePrivateKey();
  await writeFile(file, key + '\n', { mode: 0o600 });
  t.is(await readPrivateKeyFile(file), key);
});

test('a missing key file is reported by path', async (t) => {
  const file = join(await tempDir(t), 'nope.key');
  const error = await t.throwsAsync(readPrivateKeyFile(file), { instanceOf: BlvmError });
  t.is(error?.message, `key file ${file} does not exist`);
});

test('a key file readable by group or others is refused', async (t) => {
  const file = join(await tempDir(t), 'alice.key');
  await writeFile(file, generatePrivateKey() + '\n');
  await chmod(file, 0o644);
  const error = await t.throwsAsync(readPrivateKeyFile(file), { instanceOf: BlvmError });
  t.is(error?.message, `key file ${file} is readable by group or others (mode 0644); run chmod 600 ${file}`);
});

test('a key file without a valid private key is refused', async (t) => {
  const file = join(await tempDir(t), 'alice.key');
  await writeFile(file, 'not a key\n', { mode: 0o600 });
  const error = await t.throwsAsync(readPrivateKeyFile(file), { instanceOf: BlvmError });
  t.is(error?.message, `key file ${file} does not hold a private key (expected 64 hex characters and a newline)`);
  await writeFile(file, '0'.repeat(64) + '\n');
  await t.throwsAsync(readPrivateKeyFile(file), { message: /does not hold a private key/ });
});
