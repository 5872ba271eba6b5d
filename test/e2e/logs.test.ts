import test from 'ava';
import { execa } from 'execa';
import { join } from 'node:path';
import { nodeWithProbes } from './helpers/probe.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { sleep } from '../../src/testing/isolated-node.js';

test('blvm logs prints the last lines of a module and -f follows new output', async (t) => {
  const node = await nodeWithProbes(t, { talker: {} });
  const first = await node.waitForPhase('talker', 'monitoring');
  const logs = await node.cli(['logs', 'talker', '-n', '5']);
  t.is(logs.exitCode, 0, logs.stderr);
  t.regex(logs.stdout, /\[probe talker\] ready/);

  const follower = execa('node', [join(PACKAGE_ROOT, 'bin', 'blvm.js'), 'logs', 'talker', '-n', '0', '-f', '--config', node.configPath], {
    reject: false,
  });
  t.teardown(() => void follower.kill('SIGKILL'));
  let followed = '';
  follower.stdout?.on('data', (chunk: Buffer) => (followed += chunk.toString()));
  await sleep(500);
  process.kill(first.pid!, 'SIGKILL');
  await node.waitFor('talker', (m) => m.phase === 'monitoring' && m.pid !== first.pid);
  const deadline = Date.now() + 5000;
  while (!/\[probe talker\] ready/.test(followed) && Date.now() < deadline) await sleep(100);
  t.regex(followed, /\[probe talker\] ready/);
});

test('blvm logs for an unknown module says where it looked', async (t) => {
  const node = await nodeWithProbes(t, {}, { start: false });
  const result = await node.cli(['logs', 'nobody']);
  t.is(result.exitCode, 1);
  t.regex(result.stderr, /no logs for module "nobody"/);
});

test('--log-format json makes the daemon log JSON lines', async (t) => {
  const node = await nodeWithProbes(t, {}, { start: false });
  const daemon = execa('node', [join(PACKAGE_ROOT, 'bin', 'blvm.js'), 'start', '--log-format', 'json', '--config', node.configPath], {
    reject: false,
  });
  t.teardown(() => void daemon.kill('SIGKILL'));
  let err = '';
  daemon.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const deadline = Date.now() + 10_000;
  while (!err.includes('node started') && Date.now() < deadline) await sleep(100);
  daemon.kill('SIGTERM');
  const result = await daemon;
  t.is(result.exitCode, 0);
  const lines = err.trim().split('\n');
  t.true(lines.length > 2);
  for (const line of lines) t.notThrows(() => JSON.parse(line), line);
  t.true(lines.some((l) => JSON.parse(l).msg === 'node started'));
});
