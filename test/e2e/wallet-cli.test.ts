// The node wallet through `blvm wallet …` on a real regtest daemon: words printed once, the
// wallet file private to the daemon, fresh bcrt1 addresses, rewards mined to the wallet, and
// errors that name the value.
import test from 'ava';
import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IsolatedNode } from '../../src/testing/isolated-node.js';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

test('wallet init prints the words once, stores them 0600 in a 0700 dir and refuses to overwrite', async (t) => {
  const node = await IsolatedNode.create();
  t.teardown(() => node.destroy());
  const made = await node.cli(['wallet', 'init']);
  t.is(made.exitCode, 0, made.stderr);
  const words = /\n {2}([a-z ]+)\n/.exec(made.stdout)?.[1] ?? '';
  t.is(words.split(' ').length, 12, made.stdout);
  t.is((await stat(join(node.dataDir, 'wallet'))).mode & 0o777, 0o700);
  t.is((await stat(join(node.dataDir, 'wallet', 'wallet.json'))).mode & 0o777, 0o600);
  const again = await node.cli(['wallet', 'init', '--mnemonic', ABANDON]);
  t.not(again.exitCode, 0);
  t.regex(again.stderr, /a wallet already exists at .*wallet\.json/);
  t.false((await node.cli(['wallet', 'address'])).stdout.includes(words), 'the words are not shown again');
});

test('wallet commands before init say how to make a wallet; bad words and addresses are named', async (t) => {
  const node = await IsolatedNode.create();
  t.teardown(() => node.destroy());
  const balance = await node.cli(['wallet', 'balance']);
  t.not(balance.exitCode, 0);
  t.regex(balance.stderr, /no wallet at .*wallet\.json; make one with `blvm wallet init`/);
  const bad = await node.cli(['wallet', 'init', '--mnemonic', 'abandon about']);
  t.regex(bad.stderr, /not a valid BIP39 English mnemonic/);
  t.is((await node.cli(['wallet', 'init', '--mnemonic', ABANDON])).exitCode, 0);
  const send = await node.cli(['wallet', 'send', 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', '1000']);
  t.not(send.exitCode, 0);
  t.regex(send.stderr, /address "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu" is not a valid regtest address/);
});

test('wallet init restores from words read from a file, so they never appear in the process list; an unreadable file is named', async (t) => {
  const node = await IsolatedNode.create();
  t.teardown(() => node.destroy());
  const missing = join(node.dataDir, 'no-such-words');
  const gone = await node.cli(['wallet', 'init', '--mnemonic-file', missing]);
  t.is(gone.exitCode, 2);
  t.true(gone.stderr.includes(`--mnemonic-file ${missing}: ENOENT`), gone.stderr);
  const both = await node.cli(['wallet', 'init', '--mnemonic-file', missing, '--mnemonic', ABANDON]);
  t.regex(both.stderr, /--mnemonic and --mnemonic-file exclude each other/);
  const file = join(node.dataDir, 'words.txt');
  await writeFile(file, `${ABANDON}\n`, { mode: 0o600 });
  const restored = await node.cli(['wallet', 'init', '--mnemonic-file', file]);
  t.is(restored.exitCode, 0, restored.stderr);
  t.regex(restored.stdout, /wallet restored from its words/);
  t.is((await node.cli(['wallet', 'address'])).stdout.trim(), 'bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk', 'the first BIP84 regtest address of the test words (m/84h/1h/0h/0/0)');
});

test('generate --to-wallet pays fresh wallet addresses; after 101 blocks one reward is spendable and 100 are immature', async (t) => {
  const node = await IsolatedNode.create();
  t.teardown(() => node.destroy());
  t.is((await node.cli(['wallet', 'init', '--mnemonic', ABANDON])).exitCode, 0);
  const first = (await node.cli(['wallet', 'address'])).stdout.trim();
  const second = (await node.cli(['wallet', 'address'])).stdout.trim();
  t.regex(first, /^bcrt1q/);
  t.not(first, second);
  const mined = await node.cli(['chain', 'generate', '101', '--to-wallet'], { timeoutMs: 120_000 });
  t.is(mined.exitCode, 0, mined.stderr);
  const balance = JSON.parse((await node.cli(['wallet', 'balance', '--json'])).stdout) as Record<string, unknown>;
  t.deepEqual(balance, { height: 101, confirmed: '5000000000', immature: '500000000000', unconfirmed: '0', total: '505000000000' });
  const history = JSON.parse((await node.cli(['wallet', 'history', '--json'])).stdout) as { coinbase: boolean; confirmations: number }[];
  t.is(history.length, 101);
  t.true(history.every((e) => e.coinbase));
  t.is(history[0].confirmations, 101);
  const next = (await node.cli(['wallet', 'address'])).stdout.trim();
  t.false([first, second].includes(next), 'addresses used by mined blocks are not handed out again');
});

test('a wallet moved away and restored from its words finds its coins and continues after the addresses it had used', async (t) => {
  const node = await IsolatedNode.create();
  t.teardown(() => node.destroy());
  t.is((await node.cli(['wallet', 'init', '--mnemonic', ABANDON])).exitCode, 0);
  t.is((await node.cli(['chain', 'generate', '5', '--to-wallet'])).exitCode, 0);
  const used = (await node.cli(['wallet', 'address'])).stdout.trim();
  await rm(join(node.dataDir, 'wallet'), { recursive: true });
  const restored = await node.cli(['wallet', 'init', '--mnemonic', ABANDON]);
  t.is(restored.exitCode, 0, restored.stderr);
  t.regex(restored.stdout, /restored from its words; 5 receive addresses were already used/);
  t.like(JSON.parse((await node.cli(['wallet', 'balance', '--json'])).stdout), { immature: '25000000000' });
  t.is((await node.cli(['wallet', 'address'])).stdout.trim(), used, 'the first address no block paid');
});
