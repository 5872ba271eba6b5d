import test from 'ava';
import { startModule } from './helpers/module-harness.js';
import { testPolicy } from './helpers/policy.js';

const stoppedByUs = { code: 0, reason: 'stopped' as const, byUs: true };

test('an operator stop stops the child gracefully and leaves the module stopped and disabled', async (t) => {
  const h = startModule();
  const child = await h.runUntilReady();
  h.actor.send({ type: 'module.stop', reason: 'operator' });
  t.is(h.phase(), 'stopping');
  t.deepEqual(child.commands, [{ type: 'process.stop', reason: 'stopped', graceful: true }]);
  h.crash(child, stoppedByUs);
  t.is(h.phase(), 'stopped');
  t.is(h.context().desired, 'disabled');
  t.is(h.context().stopReason, 'operator');
  t.is(h.context().restarts, 0);
  t.true(child.disposed);
  h.actor.send({ type: 'module.start' });
  t.is(h.context().desired, 'enabled');
  await h.reach('execution');
  t.is(h.processes.children.length, 2);
});

test('a requested stop is honoured even when the child then exits with a failure code', async (t) => {
  const h = startModule();
  const child = await h.runUntilReady();
  h.actor.send({ type: 'module.stop', reason: 'shutdown' });
  h.crash(child, { code: 1, reason: 'stopped', byUs: true });
  t.is(h.phase(), 'stopped');
  t.is(h.context().desired, 'enabled', 'a shutdown does not disable the module for the next start');
});

test('a restart stops the child and loads the same verified snapshot again without verifying (issue 13)', async (t) => {
  const h = startModule();
  const child = await h.runUntilReady();
  h.actor.send({ type: 'module.restart' });
  t.deepEqual(child.commands, [{ type: 'process.stop', reason: 'stopped', graceful: true }]);
  h.crash(child, stoppedByUs);
  t.is(h.phase(), 'loading');
  await h.reach('execution');
  t.deepEqual(h.calls.verify, ['miner']);
  t.is(h.calls.preparedFrom[1], h.calls.preparedFrom[0]);
  t.is(h.context().restarts, 0, 'operator restarts are not crashes');
});

test('a reload of a module starting up verifies it again', async (t) => {
  const h = startModule({ hasRequiredDependencies: true });
  await h.reach('waitingForDependencies');
  h.actor.send({ type: 'module.reload' });
  t.is(h.phase(), 'verification');
  await h.reach('waitingForDependencies');
  t.deepEqual(h.calls.verify, ['miner', 'miner']);
});

test('losing a required dependency stops the module until the dependency is back', async (t) => {
  const h = startModule({ hasRequiredDependencies: true });
  h.actor.send({ type: 'deps.ready' });
  const child = await h.runUntilReady();
  h.actor.send({ type: 'deps.down' });
  t.is(h.phase(), 'stopping');
  t.deepEqual(child.commands, [{ type: 'process.stop', reason: 'stopped', graceful: true }]);
  h.crash(child, stoppedByUs);
  t.is(h.phase(), 'waitingForDependencies');
  t.is(h.context().restarts, 0);
  h.actor.send({ type: 'deps.ready' });
  await h.runUntilReady();
  t.is(h.phase(), 'monitoring');
});

test('a dependency lost while the child is being killed for a fault waits instead of restarting', async (t) => {
  const h = startModule({ hasRequiredDependencies: true });
  h.actor.send({ type: 'deps.ready' });
  const child = await h.runUntilReady();
  h.actor.send({ type: 'ipc.disconnected', instanceId: child.instanceId });
  h.actor.send({ type: 'deps.down' });
  h.crash(child, { reason: 'disconnected', byUs: true, code: null, signal: 'SIGKILL' });
  t.is(h.phase(), 'waitingForDependencies');
});

test('a shutdown during a restart wins and the module ends stopped', async (t) => {
  const h = startModule();
  const child = await h.runUntilReady();
  h.actor.send({ type: 'module.restart' });
  h.actor.send({ type: 'module.stop', reason: 'shutdown' });
  h.actor.send({ type: 'module.restart' });
  t.is(child.commands.length, 1);
  h.crash(child, stoppedByUs);
  t.is(h.phase(), 'stopped');
});

test('a stop during backoff cancels the pending restart', async (t) => {
  const h = startModule();
  h.crash(await h.runUntilReady());
  h.crash(await h.runUntilReady());
  t.is(h.phase(), 'backoff');
  h.actor.send({ type: 'module.stop', reason: 'operator' });
  t.is(h.phase(), 'stopped');
  h.clock.increment(60_000);
  t.is(h.phase(), 'stopped');
});

test('a dependency stop during backoff waits for the dependency instead', async (t) => {
  const h = startModule({ hasRequiredDependencies: true });
  h.actor.send({ type: 'deps.ready' });
  h.crash(await h.runUntilReady());
  h.crash(await h.runUntilReady());
  h.actor.send({ type: 'module.stop', reason: 'dependency' });
  t.is(h.phase(), 'waitingForDependencies');
});

test('a stop before the child is spawned never reaches a process', async (t) => {
  const h = startModule({ hasRequiredDependencies: true });
  await h.reach('waitingForDependencies');
  h.actor.send({ type: 'module.stop', reason: 'operator' });
  t.is(h.phase(), 'stopped');
  t.is(h.processes.children.length, 0);
});

test('a stop during verification leaves the module stopped and ignores the late verdict', async (t) => {
  const h = startModule();
  t.is(h.phase(), 'verification');
  h.actor.send({ type: 'module.stop', reason: 'operator' });
  t.is(h.phase(), 'stopped');
  await new Promise<void>((resolve) => setImmediate(resolve));
  t.is(h.phase(), 'stopped');
  t.deepEqual(h.calls.prepare, []);
});

test('a restart during backoff skips the remaining delay', async (t) => {
  const h = startModule();
  h.crash(await h.runUntilReady());
  h.crash(await h.runUntilReady());
  h.actor.send({ type: 'module.restart' });
  t.is(h.phase(), 'verification');
});

test('commands the current phase cannot honour are ignored', async (t) => {
  const h = startModule();
  await h.runUntilReady();
  h.actor.send({ type: 'module.start' });
  h.actor.send({ type: 'module.release' });
  t.is(h.phase(), 'monitoring');
  t.deepEqual(h.errors, []);
});

test('a re-read policy gives the running process its new stop and ping timings, and is used by the next decisions', async (t) => {
  const h = startModule();
  const child = await h.runUntilReady();
  const policy = testPolicy({ stop_grace: 250, kill_grace: 400, ping_interval: 900, max_missed_pings: 7 });
  h.actor.send({ type: 'module.policy', policy });
  t.deepEqual(child.commands, [{ type: 'process.timing', stopGrace: 250, killGrace: 400, pingInterval: 900 }]);
  t.is(h.context().policy.max_missed_pings, 7);
  h.actor.send({ type: 'module.stop', reason: 'operator' });
  t.deepEqual(child.commands.at(-1), { type: 'process.stop', reason: 'stopped', graceful: true });
  h.crash(child, stoppedByUs);
  const count = child.commands.length;
  h.actor.send({ type: 'module.policy', policy: testPolicy() });
  t.is(child.commands.length, count, 'no process, no timing command');
});
