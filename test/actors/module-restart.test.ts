import test from 'ava';
import { startModule } from './helpers/module-harness.js';

test('the first restart is immediate and later ones back off within the jitter bounds up to the cap', async (t) => {
  const h = startModule({ random: () => 0.999_999, policy: { max_crashes: 100 } });
  const ceilings = [0, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000];
  for (const [attempt, ceiling] of ceilings.entries()) {
    const child = await h.runUntilReady();
    t.is(child.attempt, attempt);
    h.crash(child);
    const ctx = h.context();
    t.is(ctx.attempt, attempt + 1);
    t.true(ctx.backoffMs <= ceiling && ctx.backoffMs >= ceiling * 0.99, `restart ${attempt}: ${ctx.backoffMs} within ${ceiling}`);
    if (ceiling === 0) {
      t.is(h.phase(), 'loading');
      continue;
    }
    t.is(h.phase(), 'backoff');
    t.is(ctx.backoffUntil, h.clock.now() + ctx.backoffMs);
    h.clock.increment(ctx.backoffMs - 1);
    t.is(h.phase(), 'backoff');
    h.clock.increment(1);
    t.is(h.phase(), 'loading');
    t.is(h.context().backoffUntil, null);
  }
  t.is(h.context().restarts, ceilings.length);
  t.deepEqual(h.errors, []);
});

test('a crash restart loads the snapshot verified before and never reads the module again (issue 13)', async (t) => {
  const h = startModule({ policy: { max_crashes: 100 } });
  const first = h.context().snapshot;
  await h.runUntilReady();
  const verified = h.context().snapshot;
  t.is(first, null, 'nothing to run before verification');
  t.truthy(verified);
  for (let i = 0; i < 3; i++) {
    h.crash(h.processes.latest());
    h.clock.increment(h.context().backoffMs);
    await h.runUntilReady();
  }
  t.deepEqual(h.calls.verify, ['miner']);
  t.deepEqual(h.calls.preparedFrom, Array(4).fill(verified!.id));
  t.deepEqual(h.context().snapshot, verified);
});

test('the backoff attempt counter resets after reset_after of healthy running', async (t) => {
  const h = startModule({ policy: { reset_after: 60_000 } });
  h.crash(await h.runUntilReady());
  h.crash(await h.runUntilReady());
  h.clock.increment(h.context().backoffMs);
  await h.runUntilReady();
  t.is(h.context().attempt, 2);
  h.clock.increment(59_999);
  t.is(h.context().attempt, 2);
  h.clock.increment(1);
  t.is(h.context().attempt, 0);
  h.crash(h.processes.latest());
  t.is(h.phase(), 'loading', 'the next restart is immediate again');
  t.is(h.context().restarts, 3);
});

test('running shorter than reset_after keeps the backoff growing', async (t) => {
  const h = startModule({ policy: { reset_after: 60_000 } });
  h.crash(await h.runUntilReady());
  await h.runUntilReady();
  h.clock.increment(59_000);
  h.crash(h.processes.latest());
  t.is(h.phase(), 'backoff');
  t.is(h.context().attempt, 2);
});

test('more than max_crashes crashes in the window quarantine the module with the evidence', async (t) => {
  const h = startModule({ policy: { max_crashes: 2, crash_window: 600_000 } });
  h.crash(await h.runUntilReady(), { code: 3 });
  h.crash(await h.runUntilReady(), { code: 4 });
  h.clock.increment(h.context().backoffMs);
  const third = await h.runUntilReady();
  h.crash(third, { code: null, signal: 'SIGSEGV' });
  t.is(h.phase(), 'quarantined');
  const { quarantine, lastExits, crashTimes } = h.context();
  t.truthy(quarantine);
  t.regex(quarantine!.reason, /crash loop: 3 crashes within 600s \(budget 2\)/);
  t.regex(quarantine!.reason, /signal SIGSEGV/);
  t.deepEqual(quarantine!.exits.map((e) => e.code), [3, 4, null]);
  t.is(quarantine!.at, h.clock.now());
  t.is(lastExits.length, 3);
  t.is(crashTimes.length, 3);
  t.true(third.disposed);
  t.false(h.context().processLive);
});

test('crashes spread wider than the crash window never exhaust the budget', async (t) => {
  const h = startModule({ policy: { max_crashes: 2, crash_window: 60_000, reset_after: 1_000_000 } });
  for (let round = 0; round < 5; round += 1) {
    h.crash(await h.runUntilReady());
    t.not(h.phase(), 'quarantined');
    h.clock.increment(61_000);
  }
  t.is(h.context().restarts, 5);
});

test('exit code 78 quarantines at once without any restart', async (t) => {
  const h = startModule();
  h.crash(await h.runUntilReady(), { code: 78 });
  t.is(h.phase(), 'quarantined');
  t.regex(h.context().quarantine!.reason, /EX_CONFIG/);
  t.is(h.context().restarts, 0);
  t.is(h.processes.children.length, 1);
});

test('a transient module stays stopped after a clean exit', async (t) => {
  const h = startModule({ policy: { restart: 'transient' } });
  h.crash(await h.runUntilReady(), { code: 0, reason: 'exited' });
  t.is(h.phase(), 'stopped');
  t.is(h.context().restarts, 0);
});

test('a transient module restarts after a crash', async (t) => {
  const h = startModule({ policy: { restart: 'transient' } });
  h.crash(await h.runUntilReady(), { code: 2 });
  t.is(h.phase(), 'loading');
  await h.reach('execution');
  t.is(h.processes.children.length, 2);
});

test('a temporary module never restarts, not even after a crash', async (t) => {
  const h = startModule({ policy: { restart: 'temporary' } });
  h.crash(await h.runUntilReady(), { code: null, signal: 'SIGABRT' });
  t.is(h.phase(), 'stopped');
  t.is(h.context().restarts, 0);
});

test('a permanent module restarts even after a clean exit', async (t) => {
  const h = startModule();
  h.crash(await h.runUntilReady(), { code: 0, reason: 'exited' });
  t.is(h.phase(), 'loading');
  t.is(h.context().restarts, 1);
});

test('a child that never spawned is restarted like a crash', async (t) => {
  const h = startModule();
  await h.reach('execution');
  h.crash(h.processes.latest(), { code: null, reason: 'spawn_failed', detail: 'ENOENT' });
  t.is(h.phase(), 'loading');
  t.is(h.context().lastExits[0].detail, 'ENOENT');
});
