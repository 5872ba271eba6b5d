import test from 'ava';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityKeyFile, loadNodeIdentity } from '../../src/governance/identity-key.js';

test('the node identity key is created once with mode 0600 in a 0700 dir and stays the same', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'blvm-identity-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const first = await loadNodeIdentity(dataDir);
  t.regex(first.publicKey, /^0[23][0-9a-f]{64}$/);
  t.is((await stat(identityKeyFile(dataDir))).mode & 0o777, 0o600);
  t.is((await stat(join(dataDir, 'identity'))).mode & 0o777, 0o700);
  t.is((await loadNodeIdentity(dataDir)).publicKey, first.publicKey);
});
