import test from 'ava';
import { execa } from 'execa';
import { join } from 'node:path';
import { foregroundDaemon } from './helpers/foreground-daemon.js';
import { nodeWithProbes } from './helpers/probe.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { waitUntil } from '../../src/testing/wait.js';

test('blvm logs prints the last lines of a module and -f follows new output', async (t) => {
  const node = await nodeWithProbes(t, { talker: {} });
  const first = await node.waitForPhase('talker', 'monitoring');
  const logs = await node.cli(['logs', 'talker', '-n', '5']);
  t.is(logs.exitCode, 0, logs.stderr);
  t.regex(logs.stdout, /\[probe talker\] ready/);

  // -n 1 prints the last line once the follower has opened the log: proof that it is attached.
  const follower = execa('node', [join(PACKAGE_ROOT, 'bin', 'blvm.js'), 'logs', 'talker', '-n', '1', '-f', '--config', node.configPath], {
    reject: false,
  });
  t.teardown(() => void follower.kill('SIGKILL'));
  let followed = '';
  follower.stdout?.on('data', (chunk: Buffer) => (followed += chunk.toString()));
  const attached = await waitUntil(() => followed.includes('\n') && followed.length, { message: () => `blvm logs -f to print the last line; got ${JSON.stringify(followed)}` });
  process.kill(first.pid!, 'SIGKILL');
  await node.waitFor('talker', (m) => m.phase === 'monitoring' && m.pid !== first.pid);
  await waitUntil(() => /\[probe talker\] ready/.test(followed.slice(attached)), { message: 'the restarted module\'s ready line in blvm logs -f' });
  t.regex(followed.slice(attached), /\[probe talker\] ready/);
});

test('blvm logs for an unknown module says where it looked', async (t) => {
  const node = await nodeWithProbes(t, {}, { start: false });
  const result = await node.cli(['logs', 'nobody']);
  t.is(result.exitCode, 1);
  t.regex(result.stderr, /no logs for module "nobody"/);
});

test('--log-format json makes the daemon log JSON lines', async (t) => {
  const node = await nodeWithProbes(t, {}, { start: false });
  const daemon = foregroundDaemon(t, node.configPath, ['--log-format', 'json']);
  await daemon.waitForLog('node started');
  daemon.process.kill('SIGTERM');
  const result = await daemon.process;
  const err = daemon.stderr();
  t.is(result.exitCode, 0);
  const lines = err.trim().split('\n');
  t.true(lines.length > 2);
  for (const line of lines) t.notThrows(() => JSON.parse(line), line);
  t.true(lines.some((l) => JSON.parse(l).msg === 'node started'));
});
