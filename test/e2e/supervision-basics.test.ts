import test from 'ava';
import { nodeWithProbes } from './helpers/probe.js';

test('modules come up in dependency order and status lists them as monitoring', async (t) => {
  const node = await nodeWithProbes(t, { base: {}, app: { requires: { base: '^1.0.0' } } });
  await node.waitForPhase('app', 'monitoring');
  const status = await node.status();
  t.deepEqual(
    status.modules.map((m) => [m.name, m.phase]),
    [
      ['app', 'monitoring'],
      ['base', 'monitoring'],
    ].sort(),
  );
  t.is(typeof status.modules[0].pid, 'number');
  t.is(await node.stop(), 0);
});
