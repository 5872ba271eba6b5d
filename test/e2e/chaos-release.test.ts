import test from 'ava';
import { nodeWithProbes } from './helpers/probe.js';

test('module release after a chaos crash-loop clears the injected fault, so the module really comes back (issue 20)', async (t) => {
  const node = await nodeWithProbes(t, { looped: {} });
  await node.waitForPhase('looped', 'monitoring');
  await node.inject('looped', 'crash-loop', { starts: 50 });
  await node.waitForPhase('looped', 'quarantined', 60_000);
  const release = await node.cli(['module', 'release', 'looped'], { timeoutMs: 60_000 });
  t.is(release.exitCode, 0, release.stderr + release.stdout);
  const back = await node.waitForPhase('looped', 'monitoring');
  t.is(back.quarantine, null);
  t.true((await node.logs('looped', 20)).some((line) => line.includes('[probe looped] ready')), 'the real module ran again');
});
