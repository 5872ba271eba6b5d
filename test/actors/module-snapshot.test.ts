// Which paths into `loading` re-use the verified snapshot and which verify again (issue 13).
import test from 'ava';
import { startModule } from './helpers/module-harness.js';

const stoppedByUs = { code: 0, reason: 'stopped' as const, byUs: true };

test('a dependency restart loads the snapshot verified before, without verifying the module dir again (issue 13)', async (t) => {
  const h = startModule({ hasRequiredDependencies: true });
  await h.reach('waitingForDependencies');
  h.actor.send({ type: 'deps.ready' });
  const child = await h.runUntilReady();
  const verified = h.context().snapshot!;
  h.actor.send({ type: 'deps.down' });
  t.is(h.phase(), 'stopping');
  h.crash(child, stoppedByUs);
  t.is(h.phase(), 'waitingForDependencies');
  t.deepEqual(h.context().snapshot, verified, 'the snapshot is kept while waiting');
  h.actor.send({ type: 'deps.ready' });
  await h.runUntilReady();
  t.deepEqual(h.calls.verify, ['miner']);
  t.deepEqual(h.calls.preparedFrom, [verified.id, verified.id]);
  t.is(h.context().restarts, 0);
});

test('a reload verifies again and loads the new snapshot (issue 13)', async (t) => {
  const h = startModule();
  const child = await h.runUntilReady();
  const before = h.context().snapshot!;
  h.actor.send({ type: 'module.reload' });
  h.crash(child, stoppedByUs);
  t.is(h.phase(), 'verification');
  await h.runUntilReady();
  const after = h.context().snapshot!;
  t.deepEqual(h.calls.verify, ['miner', 'miner']);
  t.not(after.id, before.id);
  t.deepEqual(h.calls.preparedFrom, [before.id, after.id]);
});

test('a reload whose verification fails forgets the old snapshot and loads nothing (issue 13)', async (t) => {
  let verdict: { ok: boolean; problems: string[] } | undefined;
  const h = startModule({ verify: () => verdict ?? { ok: true, problems: [] } });
  const child = await h.runUntilReady();
  verdict = { ok: false, problems: ['entry point main.js: hash mismatch'] };
  h.actor.send({ type: 'module.reload' });
  h.crash(child, stoppedByUs);
  await h.reach('rejected');
  t.is(h.context().snapshot, null);
  t.deepEqual(h.context().problems, ['entry point main.js: hash mismatch']);
  t.is(h.calls.prepare.length, 1, 'only the first start was loaded');
});

test('a start after a stop and a release after quarantine verify again (issue 13)', async (t) => {
  const h = startModule({ policy: { max_crashes: 0 } });
  const child = await h.runUntilReady();
  h.actor.send({ type: 'module.stop', reason: 'operator' });
  h.crash(child, stoppedByUs);
  t.is(h.phase(), 'stopped');
  t.is(h.context().snapshot, null, 'a stopped module holds no snapshot');
  h.actor.send({ type: 'module.start' });
  t.is(h.phase(), 'verification');
  h.crash(await h.runUntilReady(), { code: 1 });
  t.is(h.phase(), 'quarantined');
  t.is(h.context().snapshot, null, 'a quarantined module holds no snapshot');
  h.actor.send({ type: 'module.release' });
  await h.runUntilReady();
  t.deepEqual(h.calls.verify, ['miner', 'miner', 'miner']);
  t.is(new Set(h.calls.preparedFrom).size, 3, 'each verification produced the snapshot loaded after it');
});

test('a verification that passes without a snapshot rejects the module instead of loading anything', async (t) => {
  const h = startModule({ verify: () => ({ ok: true, problems: [], snapshot: undefined }) });
  await h.reach('rejected');
  t.deepEqual(h.context().problems, ['verification passed but produced no snapshot to run from']);
  t.deepEqual(h.calls.prepare, []);
});
