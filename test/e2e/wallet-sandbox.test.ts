// The wallet's keys never reach a module: data/wallet is hidden by the sandbox (issue 17).
import test from 'ava';
import { nodeWithFixtures, fixtureResult } from '../fixtures/containment/node.js';
import { needBwrap } from '../sandbox/helpers.js';
import { walletFile, writeWallet } from '../../src/wallet/wallet-file.js';
import { newMnemonic } from '../../src/wallet/wallet-keys.js';
import { existsSync } from 'node:fs';

test('a sandboxed module cannot read the wallet file (issue 17)', async (t) => {
  if (!(await needBwrap(t))) return;
  const node = await nodeWithFixtures(t, { escaper: { fixture: 'escape' } }, { start: false });
  const file = walletFile(node.dataDir);
  await writeWallet(file, { version: 1, network: 'regtest', mnemonic: newMnemonic(), nextReceive: 0, nextChange: 0, birthHeight: 0 });
  await node.start();
  const r = await fixtureResult(node, 'escaper');
  t.true(existsSync(file));
  t.is(r.read_own_config, 'ok', 'the probe ran');
  t.regex(String(r.read_wallet), /^(ENOENT|EACCES)$/);
});
