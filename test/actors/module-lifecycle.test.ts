import test from 'ava';
import { createActor, waitFor } from 'xstate';
import { createModuleMachine } from '../../actors/module-machine.js';
import { fakeEffects } from './helpers/fake-effects.js';
import { fakeProcesses } from './helpers/fake-process.js';
import { startModule } from './helpers/module-harness.js';
import { testPolicy } from './helpers/policy.js';

test('a module passes through the five lifecycle phases to healthy monitoring', async (t) => {
  const h = startModule();
  const child = await h.runUntilReady();
  t.true(h.actor.getSnapshot().matches({ monitoring: 'healthy' }));
  t.deepEqual(h.phases, ['discovery', 'verification', 'waitingForDependencies', 'loading', 'execution', 'monitoring']);
  t.deepEqual(h.calls.verify, ['miner']);
  t.deepEqual(h.calls.prepare, ['miner']);
  t.deepEqual(h.calls.preparedFrom, [h.context().snapshot?.id ?? 'none'], 'loading got the snapshot verification produced');
  t.is(child.attempt, 0);
  const ctx = h.context();
  t.is(ctx.instanceId, child.instanceId);
  t.is(typeof ctx.pid, 'number');
  t.is(ctx.startedAt, 0);
  t.is(ctx.readyAt, 0);
  t.is(ctx.version, '1.0.0');
  t.deepEqual(h.errors, []);
});

test('a failed verification rejects the module with its problems and spawns nothing', async (t) => {
  const h = startModule({ verify: () => ({ ok: false, problems: ['signature by unknown key'] }) });
  await h.reach('rejected');
  t.deepEqual(h.context().problems, ['signature by unknown key']);
  t.is(h.processes.children.length, 0);
});

test('a verification that throws rejects the module with the error text', async (t) => {
  const h = startModule({ verify: () => new Error('manifest unreadable') });
  await h.reach('rejected');
  t.deepEqual(h.context().problems, ['verification failed: manifest unreadable']);
  t.deepEqual(h.errors, []);
});

test('a module whose loading fails is rejected with the error text', async (t) => {
  const h = startModule({ prepare: () => new Error('cannot create data dir') });
  await h.reach('rejected');
  t.deepEqual(h.context().problems, ['loading failed: cannot create data dir']);
});

test('a rejected module is verified again on reload', async (t) => {
  let verdict = { ok: false, problems: ['hash mismatch'] };
  const h = startModule({ verify: () => verdict });
  await h.reach('rejected');
  verdict = { ok: true, problems: [] };
  h.actor.send({ type: 'module.reload' });
  await h.reach('execution');
  t.deepEqual(h.calls.verify, ['miner', 'miner']);
  t.deepEqual(h.context().problems, []);
});

test('a module with required dependencies waits for deps.ready after verification', async (t) => {
  const h = startModule({ hasRequiredDependencies: true });
  await h.reach('waitingForDependencies');
  t.deepEqual(h.calls.prepare, []);
  h.actor.send({ type: 'deps.ready' });
  await h.reach('execution');
  t.deepEqual(h.calls.prepare, ['miner']);
});

test('a deps.ready that arrived during verification is remembered', async (t) => {
  const h = startModule({ hasRequiredDependencies: true });
  t.is(h.phase(), 'verification');
  h.actor.send({ type: 'deps.ready' });
  await h.reach('execution');
  t.true(h.phases.includes('waitingForDependencies'));
});

test('a deps.down before loading keeps the module waiting', async (t) => {
  const h = startModule({ hasRequiredDependencies: true });
  h.actor.send({ type: 'deps.ready' });
  h.actor.send({ type: 'deps.down' });
  await h.reach('waitingForDependencies');
  t.false(h.context().depsReady);
  t.deepEqual(h.calls.prepare, []);
});

test('a module persisted as disabled starts stopped without verification and starts on module.start', async (t) => {
  const h = startModule({ persisted: { desired: 'disabled', restarts: 4 } });
  t.is(h.phase(), 'stopped');
  t.deepEqual(h.calls.verify, []);
  t.is(h.context().restarts, 4);
  h.actor.send({ type: 'module.start' });
  await h.reach('execution');
  t.is(h.context().desired, 'enabled');
});

test('a persisted quarantine is restored and only module.release leaves it', async (t) => {
  const quarantine = { at: 5, reason: 'crash loop', exits: [{ code: 1, signal: null, reason: 'crashed' as const, byUs: false, uptimeMs: 3, at: 5 }] };
  const h = startModule({ persisted: { desired: 'enabled', quarantine } });
  t.is(h.phase(), 'quarantined');
  t.deepEqual(h.context().quarantine, quarantine);
  t.deepEqual(h.context().lastExits, quarantine.exits);
  for (const type of ['module.start', 'module.restart', 'module.reload'] as const) h.actor.send({ type });
  t.is(h.phase(), 'quarantined');
  t.deepEqual(h.calls.verify, []);
  h.actor.send({ type: 'module.release' });
  t.is(h.phase(), 'verification');
  t.is(h.context().quarantine, null);
  await h.reach('execution');
});

test('a module that is disabled and quarantined stays quarantined when started', (t) => {
  const quarantine = { at: 5, reason: 'exit code 78', exits: [] };
  const h = startModule({ persisted: { desired: 'disabled', quarantine } });
  t.is(h.phase(), 'stopped');
  h.actor.send({ type: 'module.start' });
  t.is(h.phase(), 'quarantined');
});

test('a module machine without a parent runs its phase notifications harmlessly', async (t) => {
  const processes = fakeProcesses();
  const { effects } = fakeEffects(processes);
  const actor = createActor(createModuleMachine(effects), {
    input: { name: 'solo', policy: testPolicy(), critical: false, hasRequiredDependencies: false },
  });
  const errors: unknown[] = [];
  actor.subscribe({ error: (error) => void errors.push(error) });
  actor.start();
  await waitFor(actor, (s) => s.matches('execution'), { timeout: 1_000 });
  actor.stop();
  t.deepEqual(errors, []);
  t.true(processes.latest('solo').disposed);
});
