import test from 'ava';
import { createActor, fromCallback, SimulatedClock, waitFor } from 'xstate';
import { createModuleMachine } from '../../actors/module-machine.js';
import type { ProcessInput } from '../../actors/module/types.js';
import type { ProcessCommand } from '../../src/process/types.js';
import { fakeEffects } from './helpers/fake-effects.js';
import { fakeProcesses } from './helpers/fake-process.js';
import { testPolicy } from './helpers/policy.js';
import { startModule } from './helpers/module-harness.js';

test('a module that is not ready within ready_timeout is killed and the timeout counts as a crash', async (t) => {
  const h = startModule({ policy: { ready_timeout: 30_000 } });
  await h.reach('execution');
  const child = h.processes.latest();
  h.processes.spawned(child, 0);
  h.clock.increment(29_999);
  t.is(h.phase(), 'execution');
  h.clock.increment(1);
  t.is(h.phase(), 'stopping');
  t.deepEqual(child.commands, [{ type: 'process.stop', reason: 'ready_timeout', graceful: false }]);
  h.crash(child, { code: null, signal: 'SIGKILL', reason: 'ready_timeout', byUs: true });
  t.is(h.phase(), 'loading');
  t.deepEqual(h.context().crashTimes, [30_000]);
  t.is(h.context().restarts, 1);
});

test('ready timeouts exhaust the crash budget like any crash', async (t) => {
  const h = startModule({ policy: { ready_timeout: 1_000, max_crashes: 1 } });
  for (let round = 0; round < 2; round += 1) {
    await h.reach('execution');
    h.clock.increment(1_000);
    h.crash(h.processes.latest(), { reason: 'ready_timeout', byUs: true, code: null, signal: 'SIGKILL' });
  }
  t.is(h.phase(), 'quarantined');
  t.deepEqual(h.context().quarantine!.exits.map((e) => e.reason), ['ready_timeout', 'ready_timeout']);
});

test('missed pings degrade the module, answered pings heal it, too many stop it with ping_timeout', async (t) => {
  const h = startModule({ policy: { max_missed_pings: 3 } });
  const child = await h.runUntilReady();
  const liveness = (missed: number) => h.actor.send({ type: 'ipc.liveness', instanceId: child.instanceId, missed });
  liveness(1);
  t.true(h.actor.getSnapshot().matches({ monitoring: 'degraded' }));
  liveness(0);
  t.true(h.actor.getSnapshot().matches({ monitoring: 'healthy' }));
  liveness(1);
  liveness(2);
  t.true(h.actor.getSnapshot().matches({ monitoring: 'degraded' }));
  t.is(h.context().missedPings, 2);
  t.deepEqual(child.commands, []);
  liveness(3);
  t.is(h.phase(), 'stopping');
  t.deepEqual(child.commands, [{ type: 'process.stop', reason: 'ping_timeout', graceful: false }]);
  h.crash(child, { reason: 'ping_timeout', byUs: true, code: null, signal: 'SIGKILL' });
  t.is(h.phase(), 'loading');
  t.is(h.context().restarts, 1);
});

test('a healthy module that suddenly misses every ping is stopped without passing through degraded', async (t) => {
  const h = startModule({ policy: { max_missed_pings: 2 } });
  const child = await h.runUntilReady();
  h.actor.send({ type: 'ipc.liveness', instanceId: child.instanceId, missed: 5 });
  t.is(h.phase(), 'stopping');
  t.deepEqual(child.commands, [{ type: 'process.stop', reason: 'ping_timeout', graceful: false }]);
});

test('degraded running does not count towards the reset of the backoff counter', async (t) => {
  const h = startModule({ policy: { reset_after: 10_000 } });
  h.crash(await h.runUntilReady());
  const child = await h.runUntilReady();
  h.actor.send({ type: 'ipc.liveness', instanceId: child.instanceId, missed: 1 });
  h.clock.increment(20_000);
  t.is(h.context().attempt, 1);
  h.actor.send({ type: 'ipc.liveness', instanceId: child.instanceId, missed: 0 });
  h.clock.increment(10_000);
  t.is(h.context().attempt, 0);
});

test('a limit breach that kills stops the module with the limit as reason', async (t) => {
  const h = startModule();
  const child = await h.runUntilReady();
  h.actor.send({ type: 'limit.breach', reason: 'memory_limit', kill: true });
  t.is(h.phase(), 'stopping');
  t.deepEqual(child.commands, [{ type: 'process.stop', reason: 'memory_limit', graceful: false }]);
});

test('a limit breach that does not kill only degrades the module', async (t) => {
  const h = startModule();
  const child = await h.runUntilReady();
  h.actor.send({ type: 'limit.breach', reason: 'cpu_limit', kill: false, instanceId: child.instanceId });
  t.true(h.actor.getSnapshot().matches({ monitoring: 'degraded' }));
  t.deepEqual(child.commands, []);
});

test('a module that lives on after closing its socket is stopped once the disconnect grace has passed', async (t) => {
  const h = startModule();
  const child = await h.runUntilReady();
  h.actor.send({ type: 'ipc.disconnected', instanceId: child.instanceId });
  t.is(h.phase(), 'monitoring');
  t.deepEqual(child.commands, []);
  h.clock.increment(1000);
  t.deepEqual(child.commands, [{ type: 'process.stop', reason: 'disconnected', graceful: false }]);
  h.crash(child, { reason: 'disconnected', byUs: true, code: null, signal: 'SIGKILL' });
  t.is(h.phase(), 'loading', 'it is restarted like any crash');
});

test('a module whose socket closed because it died is recorded as the crash it is', async (t) => {
  const h = startModule();
  const child = await h.runUntilReady();
  h.actor.send({ type: 'ipc.disconnected', instanceId: child.instanceId });
  h.crash(child, { reason: 'crashed', byUs: false, code: null, signal: 'SIGKILL' });
  h.clock.increment(1000);
  t.deepEqual(child.commands, []);
  t.is(h.context().lastExits.at(-1)?.reason, 'crashed');
  t.is(h.context().restarts, 1);
});

test('events about an earlier instance are ignored', async (t) => {
  const h = startModule();
  const first = await h.runUntilReady();
  h.crash(first);
  await h.reach('execution');
  const second = h.processes.latest();
  h.processes.spawned(second, h.clock.now());
  h.crash(first);
  h.actor.send({ type: 'ipc.ready', instanceId: first.instanceId, at: 1 });
  h.actor.send({ type: 'ipc.disconnected', instanceId: first.instanceId });
  h.processes.spawned(first, 1);
  t.is(h.phase(), 'execution');
  t.is(h.context().instanceId, second.instanceId);
  t.is(h.context().lastExits.length, 1);
  h.actor.send({ type: 'ipc.ready', instanceId: second.instanceId, at: 2 });
  t.true(h.actor.getSnapshot().matches({ monitoring: 'healthy' }));
  h.actor.send({ type: 'ipc.liveness', instanceId: first.instanceId, missed: 9 });
  h.actor.send({ type: 'limit.breach', reason: 'memory_limit', kill: true, instanceId: first.instanceId });
  t.true(h.actor.getSnapshot().matches({ monitoring: 'healthy' }));
  t.deepEqual(second.commands, []);
});

test('an exit of a different instance than the announced one is ignored', async (t) => {
  const h = startModule();
  const child = await h.runUntilReady();
  h.actor.send({ type: 'child.exited', instanceId: 'someone-else', exit: { code: 1, signal: null, reason: 'crashed', byUs: false, uptimeMs: 1, at: 0 } });
  t.is(h.phase(), 'monitoring');
  t.is(h.context().instanceId, child.instanceId);
});

test('a process actor that fails is supervised like a crashed child instead of failing the module', async (t) => {
  const { effects } = fakeEffects(fakeProcesses());
  let spawns = 0;
  const exploding = fromCallback<ProcessCommand, ProcessInput>(() => {
    spawns += 1;
    if (spawns === 1) throw new Error('boom');
  });
  const actor = createActor(createModuleMachine({ ...effects, process: exploding }), {
    clock: new SimulatedClock(),
    input: { name: 'miner', policy: testPolicy(), critical: false, hasRequiredDependencies: false },
  });
  const errors: unknown[] = [];
  actor.subscribe({ error: (error) => void errors.push(error) });
  actor.start();
  await waitFor(actor, (s) => s.matches('execution') && spawns === 2, { timeout: 1_000 });
  const { lastExits, restarts } = actor.getSnapshot().context;
  t.is(lastExits.length, 1);
  t.is(lastExits[0].reason, 'crashed');
  t.regex(lastExits[0].detail ?? '', /process actor failed: boom/);
  t.is(restarts, 1);
  t.deepEqual(errors, []);
});

test('a module degraded by its CPU limit is healthy again once the monitor reports the episode over', async (t) => {
  const h = startModule();
  const child = await h.runUntilReady();
  h.actor.send({ type: 'limit.breach', reason: 'cpu_limit', kill: false, instanceId: child.instanceId });
  t.true(h.actor.getSnapshot().matches({ monitoring: 'degraded' }));
  h.actor.send({ type: 'limit.cleared', reason: 'cpu_limit', instanceId: 'someone-else' });
  t.true(h.actor.getSnapshot().matches({ monitoring: 'degraded' }), 'a stale instance does not clear it');
  h.actor.send({ type: 'limit.cleared', reason: 'cpu_limit', instanceId: child.instanceId });
  t.true(h.actor.getSnapshot().matches({ monitoring: 'healthy' }));
});
