import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { BlvmError } from '../../src/errors.js';
import { generatePrivateKey, publicKeyOf, readPrivateKeyFile, signDigest } from '../../src/trust/keys.js';
import { fromHex, secp, verifyDigest } from '../../src/trust/secp.js';
import { tempDir } from './fixture.js';

test('a generated key is 64 hex characters and has a compressed public key', (t) => {
  const key = generatePrivateKey();
  t.regex(key, /^[0-9a-f]{64}$/);
  t.regex(publicKeyOf(key), /^0[23][0-9a-f]{64}$/);
  t.not(generatePrivateKey(), key);
});

test('the public key of a private key is the one @noble/secp256k1 derives, and it verifies the key\'s signatures (issue 19)', (t) => {
  const keys = ['0000000000000000000000000000000000000000000000000000000000000001', 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140', ...Array.from({ length: 8 }, () => generatePrivateKey())];
  const digest = new Uint8Array(32).fill(7);
  for (const key of keys) {
    const pub = publicKeyOf(key);
    t.is(pub, Buffer.from(secp.getPublicKey(fromHex(key), true)).toString('hex'), `public key of ${key}`);
    t.true(verifyDigest(signDigest(digest, key), digest, pub), `a signature by ${key} verifies with ${pub}`);
  }
  for (const bad of ['00'.repeat(32), 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141', 'xyz']) {
    t.throws(() => publicKeyOf(bad), { instanceOf: BlvmError, message: 'private key must be 64 hex characters encoding a valid secp256k1 scalar' });
  }
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
