import test from 'ava';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeTokenFile, tokenMatches, writeTokenFile } from '../../src/inspector/token-file.js';

test('the token file is private to its owner, holds the token and is gone after removal', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'blvm-token-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'inspector.token'), 'old', { mode: 0o644 });
  const { token, file } = await writeTokenFile(dir);
  t.is(file, join(dir, 'inspector.token'));
  t.is((await stat(file)).mode & 0o777, 0o600);
  t.is((await readFile(file, 'utf8')).trim(), token);
  t.true(token.length >= 32);
  const second = await writeTokenFile(dir);
  t.not(second.token, token, 'every run gets a fresh token');
  await removeTokenFile(file);
  await t.throwsAsync(stat(file));
});

test('tokens match only exactly', (t) => {
  t.true(tokenMatches('abc', 'abc'));
  t.false(tokenMatches('abd', 'abc'));
  t.false(tokenMatches('abcd', 'abc'));
  t.false(tokenMatches('', 'abc'));
  t.false(tokenMatches(undefined, 'abc'));
});
