import test from 'ava';
import { execa } from 'execa';
import { join } from 'node:path';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { PACKAGE_ROOT } from '../../src/version.js';

test('chain generate prints a summary; the hashes only with -v (issue 20)', async (t) => {
  const node = await IsolatedNode.create();
  t.teardown(() => node.destroy());
  const plain = await node.cli(['chain', 'generate', '3']);
  t.is(plain.exitCode, 0, plain.stderr);
  t.regex(plain.stdout, /^mined 3 blocks \(heights 1\.\.3\) in \d+\.\d s; tip [0-9a-f]{64}$/);
  t.is(plain.stderr, '', 'no progress bar when stdout is not a terminal');
  const verbose = await node.cli(['chain', 'generate', '1', '-v']);
  t.regex(verbose.stdout, /^[0-9a-f]{64}\nmined 1 block \(height 4\) in \d+\.\d s; tip [0-9a-f]{64}$/);
  const json = JSON.parse((await node.cli(['chain', 'generate', '2', '--json'])).stdout) as { hashes: string[]; tip: { height: number } };
  t.is(json.hashes.length, 2);
  t.is(json.tip.height, 6);
});

test('chain generate on a terminal draws a progress bar that ends full', async (t) => {
  const node = await IsolatedNode.create();
  t.teardown(() => node.destroy());
  const command = `node ${join(PACKAGE_ROOT, 'bin', 'blvm.js')} chain generate 1500 --config ${node.configPath}`;
  const tty = await execa('script', ['-qec', command, '/dev/null'], { reject: false, timeout: 180_000 });
  t.is(tty.exitCode, 0, tty.stdout);
  t.regex(tty.stdout, /mining \[#+-*\] \d+\/1500/);
  t.regex(tty.stdout, /mining \[#{30}\] 1500\/1500 100%\r?\n/);
  t.regex(tty.stdout, /mined 1500 blocks \(heights 1\.\.1500\)/);
});
