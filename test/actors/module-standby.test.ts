import test from 'ava';
import { startModule } from './helpers/module-harness.js';
import { standbyDelay, standbyDeaths, STANDBY_MAX_DELAY } from '../../actors/policies/standby-delay.js';

test('without standby no spare is ever started (issue 19)', async (t) => {
  const h = startModule();
  await h.runUntilReady();
  t.is(h.processes.spares.length, 0);
  t.is(h.context().spare, null);
});

test('a module with standby starts one spare from its spec once it is monitored (issue 19)', async (t) => {
  const h = startModule({ policy: { standby: true } });
  await h.reach('execution');
  t.is(h.processes.spares.length, 0, 'no spare competes with the start of the live instance');
  await h.runUntilReady();
  t.is(h.processes.spares.length, 1);
  const [spare] = h.processes.spares;
  t.deepEqual(spare.input, { spec: h.context().spec, generation: 1, delayMs: 0 });
  h.processes.spareSpawned(spare, 'spare-1', 4242);
  t.like(h.context().spare, { instanceId: 'spare-1', pid: 4242, status: 'starting' });
  h.actor.send({ type: 'standby.held', instanceId: 'spare-1' });
  t.like(h.context().spare, { status: 'ready' });
});

test('a spare whose hello is held before its pid is known is ready once spawned, and a delayed replacement is starting once begun (issue 19)', async (t) => {
  const h = startModule({ policy: { standby: true } });
  await h.runUntilReady();
  const [spare] = h.processes.spares;
  spare.sendBack({ type: 'standby.started', generation: 1, instanceId: 'spare-1' });
  h.actor.send({ type: 'standby.held', instanceId: 'spare-1' });
  t.like(h.context().spare, { instanceId: 'spare-1', pid: null, status: 'ready' });
  h.processes.spareSpawned(spare, 'spare-1', 4242);
  t.like(h.context().spare, { pid: 4242, status: 'ready' });

  h.processes.spareExited(spare, { at: h.clock.now(), uptimeMs: 10 });
  h.processes.spareExited(h.processes.spares[1], { at: h.clock.now(), uptimeMs: 10 });
  const delayed = h.processes.spares[2];
  t.like(h.context().spare, { status: 'replacing', deaths: 2 });
  delayed.sendBack({ type: 'standby.started', generation: delayed.input.generation, instanceId: 'spare-3' });
  t.like(h.context().spare, { status: 'starting', replaceAt: null, instanceId: 'spare-3' });
});

test('a crash restarted at once adopts the spare instead of loading, still counting the crash (issue 19)', async (t) => {
  const h = startModule({ policy: { standby: true } });
  const live = await h.runUntilReady();
  const [spare] = h.processes.spares;
  h.processes.spareSpawned(spare, 'spare-1', 4242);
  const prepares = h.calls.prepare.length;
  h.crash(live, { signal: 'SIGKILL', code: null });
  t.is(h.phase(), 'execution');
  t.is(h.calls.prepare.length, prepares, 'no loading: the spare runs the spec already prepared');
  const adopter = h.processes.latest();
  t.is(adopter.adopt, 'spare-1');
  t.deepEqual(adopter.commands, [{ type: 'process.timing', stopGrace: h.context().policy.stop_grace, killGrace: h.context().policy.kill_grace, pingInterval: h.context().policy.ping_interval }]);
  t.false(spare.disposed, 'the adopted spare is not killed with its standby actor');
  t.is(h.context().restarts, 1);
  t.is(h.context().crashTimes.length, 1);
  t.is(h.context().spare, null);
  adopter.sendBack({ type: 'child.spawned', pid: 4242, instanceId: 'spare-1', at: h.clock.now() });
  h.actor.send({ type: 'ipc.ready', instanceId: 'spare-1', at: h.clock.now() });
  t.is(h.phase(), 'monitoring');
  t.is(h.context().pid, 4242);
  t.is(h.processes.spares.length, 2, 'a new spare is started once the adopted one is monitored');
  t.is(h.processes.spares[1].input.generation, 2);
});

test('a crash the policy backs off does not use the spare, and a new spec replaces it (issue 19)', async (t) => {
  const h = startModule({ policy: { standby: true, max_crashes: 100 } });
  let live = await h.runUntilReady();
  h.processes.spareSpawned(h.processes.spares[0], 'spare-1', 4242);
  h.crash(live);
  live = await h.runUntilReady();
  t.is(live.adopt, 'spare-1', 'the first crash restarts at once, from the spare');
  h.processes.spareSpawned(h.processes.spares[1], 'spare-2', 4243);
  h.crash(live);
  t.is(h.phase(), 'backoff');
  t.true(h.context().backoffMs > 0);
  t.false(h.processes.spares[1].disposed, 'the spare waits through the back-off');
  h.clock.increment(h.context().backoffMs);
  await h.reach('execution');
  t.is(h.processes.latest().adopt, undefined, 'after a back-off the module is loaded and spawned afresh');
  t.true(h.processes.spares[1].disposed, 'loading a new spec drops the spare of the old one');
});

test('a spare that dies is replaced without counting a crash, later and later while spares keep dying (issue 19)', async (t) => {
  const h = startModule({ policy: { standby: true } });
  const live = await h.runUntilReady();
  const delays: number[] = [];
  for (let i = 0; i < 4; i++) {
    const spare = h.processes.spares.at(-1)!;
    h.processes.spareSpawned(spare, `spare-${i}`, 5000 + i);
    h.processes.spareExited(spare, { at: h.clock.now(), uptimeMs: 100 });
    const next = h.processes.spares.at(-1)!;
    t.not(next, spare);
    delays.push(next.input.delayMs);
  }
  t.deepEqual(delays, [0, 250, 500, 1000]);
  t.like(h.context().spare, { status: 'replacing', deaths: 4, replaceAt: h.clock.now() + 1000 });
  t.is(h.context().crashTimes.length, 0);
  t.is(h.context().restarts, 0);
  t.is(h.phase(), 'monitoring');
  t.is(h.processes.latest(), live);
  t.is(h.context().instanceId, live.instanceId);
});

test('a stale spare event from a dropped spare changes nothing (issue 19)', async (t) => {
  const h = startModule({ policy: { standby: true } });
  await h.runUntilReady();
  const first = h.processes.spares[0];
  h.processes.spareExited(first, { at: h.clock.now() });
  const second = h.processes.spares[1];
  h.processes.spareExited(first, { at: h.clock.now() });
  t.is(h.processes.spares.length, 2);
  t.is(h.context().spare?.generation, second.input.generation);
});

test('stop and quarantine stop the spare (issue 19)', async (t) => {
  const h = startModule({ policy: { standby: true, max_crashes: 1 } });
  let live = await h.runUntilReady();
  h.processes.spareSpawned(h.processes.spares[0], 'spare-1', 4242);
  h.actor.send({ type: 'module.stop', reason: 'operator' });
  t.is(h.phase(), 'stopping');
  t.true(h.processes.spares[0].disposed);
  t.is(h.context().spare, null);
  h.crash(live, { reason: 'stopped', byUs: true, code: 0 });
  t.is(h.phase(), 'stopped');

  h.actor.send({ type: 'module.start' });
  live = await h.runUntilReady();
  const spare = h.processes.spares.at(-1)!;
  h.processes.spareSpawned(spare, 'spare-2', 4243);
  h.crash(live);
  h.crash(h.processes.latest());
  t.is(h.phase(), 'quarantined');
  t.true(spare.disposed);
  t.is(h.context().spare, null);
});

test('turning standby off in a re-read policy stops the spare (issue 19)', async (t) => {
  const h = startModule({ policy: { standby: true } });
  await h.runUntilReady();
  h.actor.send({ type: 'module.policy', policy: { ...h.context().policy, standby: false } });
  t.true(h.processes.spares[0].disposed);
  t.is(h.context().spare, null);
  h.actor.send({ type: 'module.policy', policy: { ...h.context().policy, standby: true } });
  t.is(h.processes.spares.length, 2);
});

test('a spare replacement waits at most 30 s and a long-lived spare starts the count again (issue 19)', (t) => {
  t.is(standbyDelay(1), 0);
  t.is(standbyDelay(2), 250);
  t.is(standbyDelay(100), STANDBY_MAX_DELAY);
  t.is(standbyDeaths(7, 60_000, 60_000), 1);
  t.is(standbyDeaths(7, 59_999, 60_000), 8);
});
