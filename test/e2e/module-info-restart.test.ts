import test from 'ava';
import { nodeWithProbes } from './helpers/probe.js';

test('module info after a daemon restart still shows the exits of the previous run (issue 20)', async (t) => {
  const node = await nodeWithProbes(t, { victim: {} });
  const first = await node.waitForPhase('victim', 'monitoring');
  await node.inject('victim', 'kill');
  await node.waitFor('victim', (m) => m.phase === 'monitoring' && m.pid !== first.pid);
  t.is(await node.stop(), 0);
  await node.start();
  await node.waitForPhase('victim', 'monitoring');
  const info = await node.module('victim');
  t.deepEqual(info.last_exits.map((e) => e.reason), ['crashed', 'stopped'], 'the kill, then the stop of the restart');
  const text = await node.cli(['module', 'info', 'victim']);
  t.regex(text.stdout, /last exits:\n    - crashed \(SIGKILL\)/);
});
