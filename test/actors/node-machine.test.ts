import test from 'ava';
import { waitFor } from 'xstate';
import { startNode } from './helpers/node-harness.js';

const stoppedByUs = { code: 0, reason: 'stopped' as const, byUs: true };
const gracefulStop = { type: 'process.stop', reason: 'stopped', graceful: true };

test('a dependent is loaded only after its required dependency runs', async (t) => {
  const h = startNode([{ name: 'chain-index' }, { name: 'miner', requires: ['chain-index'] }]);
  await h.reach('chain-index', 'execution');
  await h.reach('miner', 'waitingForDependencies');
  t.deepEqual(h.calls.prepare, ['chain-index']);
  await h.bringUp('chain-index');
  t.true(h.tracked('chain-index')?.running);
  await h.reach('miner', 'execution');
  t.deepEqual(h.calls.prepare, ['chain-index', 'miner']);
  await h.bringUp('miner');
  t.is(h.tracked('miner')?.phase, 'monitoring');
  t.deepEqual(h.errors, []);
});

test('a crashed dependency stops its dependents, which start again once it is back', async (t) => {
  const h = startNode([{ name: 'chain-index' }, { name: 'miner', requires: ['chain-index'] }]);
  await h.bringUp('chain-index');
  await h.bringUp('miner');
  h.exit('chain-index');
  t.is(h.phase('miner'), 'stopping');
  t.deepEqual(h.commands('miner'), [gracefulStop]);
  h.exit('miner', stoppedByUs);
  t.is(h.phase('miner'), 'waitingForDependencies');
  await h.bringUp('chain-index');
  await h.reach('miner', 'execution');
  await h.bringUp('miner');
  t.is(h.phase('miner'), 'monitoring');
  t.is(h.processes.children.filter((c) => c.module === 'miner').length, 2);
  t.is(h.moduleActor('miner').getSnapshot().context.restarts, 0);
});

test('a dependency stop travels down a chain of required dependencies', async (t) => {
  const h = startNode([{ name: 'a' }, { name: 'b', requires: ['a'] }, { name: 'c', requires: ['b'] }]);
  await h.bringUp('a');
  await h.bringUp('b');
  await h.bringUp('c');
  h.exit('a');
  t.is(h.phase('b'), 'stopping');
  t.is(h.phase('c'), 'stopping');
});

test('a crash of an optional dependency stops no one', async (t) => {
  const h = startNode([{ name: 'chain-index' }, { name: 'dashboard', optional: ['chain-index'] }]);
  await h.bringUp('chain-index');
  await h.bringUp('dashboard');
  h.exit('chain-index');
  t.is(h.phase('dashboard'), 'monitoring');
  t.deepEqual(h.commands('dashboard'), []);
});

test('a module without required dependencies starts without waiting for anyone', async (t) => {
  const h = startNode([{ name: 'chain-index' }, { name: 'dashboard', optional: ['chain-index'] }]);
  await h.reach('dashboard', 'execution');
  t.is(h.phase('chain-index'), 'execution');
});

test('shutdown stops modules in reverse dependency order and then reaches its final state', async (t) => {
  const h = startNode([
    { name: 'a' },
    { name: 'b', requires: ['a'] },
    { name: 'c', requires: ['b'] },
    { name: 'd', optional: ['a'] },
  ]);
  for (const name of ['a', 'b', 'c', 'd']) await h.bringUp(name);
  h.node.send({ type: 'shutdown' });
  t.deepEqual(h.commands('c'), [gracefulStop]);
  t.deepEqual(h.commands('d'), [gracefulStop]);
  t.deepEqual(h.commands('b'), []);
  t.deepEqual(h.commands('a'), []);
  h.exit('c', stoppedByUs);
  t.deepEqual(h.commands('b'), [gracefulStop]);
  t.deepEqual(h.commands('a'), [], 'a still has a running optional dependent');
  h.exit('b', stoppedByUs);
  t.deepEqual(h.commands('a'), []);
  h.exit('d', stoppedByUs);
  t.deepEqual(h.commands('a'), [gracefulStop]);
  t.is(h.node.getSnapshot().status, 'active');
  h.exit('a', stoppedByUs);
  t.is(h.node.getSnapshot().status, 'done');
  t.deepEqual(h.node.getSnapshot().output, { shutdownReason: 'requested', degraded: false, criticalFailures: [] });
  for (const name of ['a', 'b', 'c', 'd']) t.true(h.processes.latest(name).disposed, `${name} child disposed`);
  t.deepEqual(h.errors, []);
});

test('shutdown finishes at once for modules that are not running', async (t) => {
  const h = startNode(
    [{ name: 'a', persisted: { desired: 'disabled' } }, { name: 'b', requires: ['a'] }, { name: 'c' }],
    { verify: (module) => (module === 'c' ? { ok: false, problems: ['unsigned'] } : { ok: true, problems: [] }) },
  );
  await h.reach('b', 'waitingForDependencies');
  await h.reach('c', 'rejected');
  h.node.send({ type: 'shutdown', reason: 'SIGTERM' });
  await waitFor(h.node, (s) => s.status === 'done', { timeout: 1_000 });
  t.deepEqual(h.node.getSnapshot().context.modules.map((m) => m.phase), ['stopped', 'stopped', 'rejected']);
  t.is(h.processes.children.length, 0);
  t.is(h.node.getSnapshot().output?.shutdownReason, 'SIGTERM');
});

test('operator commands are routed to the named module and unknown names are ignored', async (t) => {
  const h = startNode([{ name: 'miner' }]);
  await h.bringUp('miner');
  h.node.send({ type: 'command', name: 'nobody', command: 'stop' });
  h.node.send({ type: 'command', name: 'miner', command: 'stop' });
  t.is(h.phase('miner'), 'stopping');
  h.exit('miner', stoppedByUs);
  t.is(h.phase('miner'), 'stopped');
  t.is(h.moduleActor('miner').getSnapshot().context.desired, 'disabled');
  h.node.send({ type: 'command', name: 'miner', command: 'start' });
  await h.reach('miner', 'execution');
  t.deepEqual(h.errors, []);
});

test('a hot-loaded module gets its own supervisor and starts when its dependencies already run', async (t) => {
  const h = startNode([{ name: 'chain-index' }]);
  await h.bringUp('chain-index');
  h.node.send({
    type: 'module.add',
    module: { name: 'miner', requires: ['chain-index'], optional: [], order: 1, critical: false, policy: h.moduleActor('chain-index').getSnapshot().context.policy },
  });
  await h.reach('miner', 'execution');
  t.deepEqual(h.node.getSnapshot().context.modules.map((m) => m.name), ['chain-index', 'miner']);
  h.node.send({
    type: 'module.add',
    module: { name: 'miner', requires: [], optional: [], order: 1, critical: false, policy: h.moduleActor('chain-index').getSnapshot().context.policy },
  });
  t.is(h.node.getSnapshot().context.modules.length, 2);
  t.deepEqual(h.errors, []);
});

test('a quarantined critical module makes the node degraded until it is released', async (t) => {
  const h = startNode([{ name: 'wallet-glue', critical: true }, { name: 'miner' }]);
  await h.bringUp('wallet-glue');
  h.exit('wallet-glue', { code: 78 });
  t.is(h.phase('wallet-glue'), 'quarantined');
  t.true(h.node.getSnapshot().context.degraded);
  t.deepEqual(h.node.getSnapshot().context.criticalFailures, ['wallet-glue']);
  t.true(h.node.getSnapshot().matches('running'));
  h.node.send({ type: 'command', name: 'wallet-glue', command: 'release' });
  t.false(h.node.getSnapshot().context.degraded);
});

test('a quarantined non-critical module leaves the node healthy', async (t) => {
  const h = startNode([{ name: 'miner' }]);
  await h.bringUp('miner');
  h.exit('miner', { code: 78 });
  t.is(h.phase('miner'), 'quarantined');
  t.false(h.node.getSnapshot().context.degraded);
});

test('a quarantined critical module with on_critical_failure shutdown shuts the node down', async (t) => {
  const h = startNode([{ name: 'wallet-glue', critical: true, policy: { on_critical_failure: 'shutdown' } }, { name: 'miner' }]);
  await h.bringUp('wallet-glue');
  await h.bringUp('miner');
  h.exit('wallet-glue', { code: 78 });
  t.true(h.node.getSnapshot().matches('shuttingDown'));
  t.deepEqual(h.commands('miner'), [gracefulStop]);
  h.exit('miner', stoppedByUs);
  t.is(h.node.getSnapshot().status, 'done');
  t.is(h.node.getSnapshot().output?.shutdownReason, 'critical module wallet-glue quarantined');
});

test('each module supervisor is registered under systemId module:<name>', (t) => {
  const h = startNode([{ name: 'a' }, { name: 'b' }]);
  t.is(h.moduleActor('a').getSnapshot().context.name, 'a');
  t.is(h.moduleActor('b').getSnapshot().context.name, 'b');
});

test('a module supervisor that breaks is marked failed, its dependents lose it and the node keeps running', async (t) => {
  const h = startNode([{ name: 'a' }, { name: 'b', requires: ['a'] }]);
  await h.bringUp('a');
  await h.bringUp('b');
  h.node.send({ type: 'xstate.error.actor.module:a', error: new Error('supervisor broke') });
  t.is(h.tracked('a')?.phase, 'failed');
  t.false(h.tracked('a')?.running);
  t.is(h.phase('b'), 'stopping');
  h.exit('b', stoppedByUs);
  h.node.send({ type: 'shutdown' });
  await waitFor(h.node, (s) => s.status === 'done', { timeout: 1_000 });
  t.deepEqual(h.errors, []);
});
