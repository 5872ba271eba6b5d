import test from 'ava';
import { waitUntil } from '../../src/testing/wait.js';
import { nodeWithProbes } from './helpers/probe.js';
import { isAlive } from './helpers/processes.js';

test('blvm stop waits until the daemon has exited and says which modules it is waiting for (issue 20)', async (t) => {
  const node = await nodeWithProbes(t, { stubborn: { mode: 'stubborn' }, quick: {} });
  await node.waitForPhase('stubborn', 'monitoring');
  await node.waitForPhase('quick', 'monitoring');
  const pid = node.daemon!.pid!;
  const stop = await node.cli(['stop'], { timeoutMs: 120_000 });
  t.is(stop.exitCode, 0, stop.stderr);
  t.false(isAlive(pid), 'the daemon had exited when blvm stop returned');
  t.regex(stop.stdout, /^stopping blvm daemon \(pid \d+\)\n/);
  t.regex(stop.stdout, /waiting for \d modules? to stop: .*stubborn/);
  t.regex(stop.stdout, /blvm daemon \(pid \d+\) exited after \d+\.\d s$/);
});

test('blvm stop --no-wait returns once the daemon accepted the stop', async (t) => {
  const node = await nodeWithProbes(t, { quick: {} });
  const daemon = node.daemon!;
  const stop = await node.cli(['stop', '--no-wait']);
  t.is(stop.exitCode, 0, stop.stderr);
  t.regex(stop.stdout, /^stopping blvm daemon \(pid \d+\)$/);
  await waitUntil(() => daemon.exitCode !== null, { message: 'the daemon to exit after blvm stop --no-wait' });
  t.is(daemon.exitCode, 0);
});
