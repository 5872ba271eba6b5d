import test from 'ava';
import { nodeWithProbes } from './helpers/probe.js';

test('a module killed with SIGKILL is restarted without operator action', async (t) => {
  const node = await nodeWithProbes(t, { victim: {} });
  const before = await node.waitForPhase('victim', 'monitoring');
  process.kill(before.pid!, 'SIGKILL');
  const after = await node.waitFor('victim', (m) => m.phase === 'monitoring' && m.pid !== before.pid);
  t.is(after.restarts, before.restarts + 1);
  t.is(after.last_exit?.signal, 'SIGKILL');
  t.is(after.last_exit?.reason, 'crashed');
  t.false(after.last_exit?.byUs);
});

test('a crash loop ends in quarantine with evidence, survives a daemon restart, and release brings it back', async (t) => {
  const node = await nodeWithProbes(t, { looper: { mode: 'crash', config: { crash_after_ms: 50, exit_code: 3 } } });
  const quarantined = await node.waitForPhase('looper', 'quarantined', 30_000);
  t.truthy(quarantined.quarantine);
  t.true(quarantined.quarantine!.exits.length >= 5);
  t.true(quarantined.quarantine!.exits.every((e) => e.code === 3));
  t.true((quarantined.quarantine!.log_tail ?? []).some((l) => l.includes('crashing with code 3')));
  const info = await node.cli(['module', 'info', 'looper']);
  t.regex(info.stdout, /QUARANTINED/);
  t.regex(info.stdout, /blvm module release looper/);

  t.is(await node.stop(), 0);
  await node.start();
  const again = await node.waitForPhase('looper', 'quarantined');
  t.true(again.quarantine!.exits.length >= 5);
  t.true((again.quarantine!.log_tail ?? []).some((l) => l.includes('crashing with code 3')));

  const released = await node.cli(['module', 'release', 'looper']);
  t.is(released.exitCode, 0, released.stderr);
  await node.waitFor('looper', (m) => m.phase !== 'quarantined' && m.quarantine === null);
});

test('exit code 78 quarantines at once without retries', async (t) => {
  const node = await nodeWithProbes(t, { misconfigured: { mode: 'exit-at-start', config: { exit_code: 78 } } });
  const m = await node.waitForPhase('misconfigured', 'quarantined');
  t.is(m.quarantine!.exits.length, 1);
  t.is(m.restarts, 0);
});

test('releasing a module that is not quarantined is refused with its phase named', async (t) => {
  const node = await nodeWithProbes(t, { fine: {} });
  await node.waitForPhase('fine', 'monitoring');
  const result = await node.cli(['module', 'release', 'fine']);
  t.is(result.exitCode, 1);
  t.regex(result.stderr, /module fine is not quarantined \(phase monitoring\)/);
});
