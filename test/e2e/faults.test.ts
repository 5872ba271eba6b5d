import test from 'ava';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { nodeWithProbes } from './helpers/probe.js';
import { waitUntil } from '../../src/testing/wait.js';
import { isNamespaceInit } from '../../src/process/sandbox-child.js';

test('a crashed dependency stops its dependents, which start again once it is back', async (t) => {
  const node = await nodeWithProbes(t, { base: {}, app: { requires: { base: '*' } }, loner: {} });
  const app = await node.waitForPhase('app', 'monitoring');
  const base = await node.waitForPhase('base', 'monitoring');
  const loner = await node.waitForPhase('loner', 'monitoring');
  process.kill(base.pid!, 'SIGKILL');
  const back = await node.waitFor('app', (m) => m.phase === 'monitoring' && m.pid !== app.pid);
  t.is(back.last_exit?.reason, 'stopped', 'the dependent was stopped by the node, not crashed');
  t.true(back.last_exit?.byUs);
  t.is((await node.module('loner')).pid, loner.pid, 'an unrelated module is untouched');
  t.is(back.restarts, app.restarts, 'a dependency stop is not counted as a crash');
});

test('a module that never sends ready is stopped after the ready timeout and counted as a failed start', async (t) => {
  const node = await nodeWithProbes(t, { silent: { mode: 'no-ready' } }, {
    supervision: '[supervision]\ninitial_delay = "100ms"\nready_timeout = "1s"\nkill_grace = "500ms"\nstop_grace = "500ms"\n',
  });
  const m = await node.waitFor('silent', (s) => s.last_exit?.reason === 'ready_timeout', 15_000);
  t.true(m.last_exit!.byUs);
  t.true(m.restarts >= 1 || m.phase === 'backoff' || m.phase === 'verification' || m.phase === 'execution');
});

test('a module presenting a wrong token is refused and its exit is handled like any failure', async (t) => {
  const node = await nodeWithProbes(t, { impostor: { mode: 'bad-token' }, honest: {} });
  const m = await node.waitFor('impostor', (s) => s.last_exit !== null);
  t.is(m.last_exit?.code, 1);
  t.truthy(await node.waitForLog(/token/i));
  // The honest module may still be starting when the impostor's first exit arrives under load:
  // it must get to monitoring on its own, untouched by the impostor's refusals.
  const honest = await node.waitForPhase('honest', 'monitoring');
  t.is(honest.restarts, 0);
});

test('a module that stops answering pings (SIGSTOP) is marked degraded and then restarted', async (t) => {
  const node = await nodeWithProbes(t, { frozen: {} });
  const before = await node.waitForPhase('frozen', 'monitoring');
  process.kill(before.pid!, 'SIGSTOP');
  t.teardown(() => {
    try {
      process.kill(before.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  await node.waitFor('frozen', (m) => m.state === 'monitoring.degraded');
  const after = await node.waitFor('frozen', (m) => m.phase === 'monitoring' && m.pid !== before.pid);
  t.is(after.last_exits.at(-1)?.reason, 'ping_timeout');
  t.is(after.last_exits.at(-1)?.signal, 'SIGKILL');
});

test('garbage and oversized frames on the node socket do not disturb running modules', async (t) => {
  const node = await nodeWithProbes(t, { steady: {} });
  const before = await node.waitForPhase('steady', 'monitoring');
  const socketPath = join(node.dataDir, 'sockets', 'node.sock');
  const send = (bytes: Buffer) =>
    new Promise<void>((resolve) => {
      const socket = createConnection(socketPath, () => socket.write(bytes));
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
      setTimeout(() => socket.destroy(), 2000);
    });
  const garbage = Buffer.concat([Buffer.from([0, 0, 0, 5]), Buffer.from('{{{{{')]);
  const oversized = Buffer.from([0xff, 0xff, 0xff, 0xff]);
  await Promise.all([send(garbage), send(oversized), send(Buffer.from('hello there, not a frame'))]);
  const refusals = () => node.log().split('module connection refused').length - 1;
  await waitUntil(() => refusals() >= 3, { message: () => `the daemon to refuse all three connections (refused ${refusals()})\n${node.log().slice(-2000)}` });
  const after = await node.module('steady');
  t.is(after.phase, 'monitoring');
  t.is(after.pid, before.pid);
  t.is(after.restarts, before.restarts);
  t.truthy(await node.waitForLog(/refused|protocol/));
});

test('a fault injected over the control socket leaves an audit line in the daemon log and the event log (issue 20)', async (t) => {
  const node = await nodeWithProbes(t, { target: {} });
  const before = await node.waitForPhase('target', 'monitoring');
  await node.inject('target', 'kill');
  await node.waitFor('target', (m) => m.phase === 'monitoring' && m.pid !== before.pid);
  t.truthy(await node.waitForLog(/audit: inject fault kill module target via control socket from control connection #\d+/));
  const events = await waitUntil(
    async () => {
      const r = await node.cli(['events', '--type', 'OperatorAction', '--json']);
      return r.stdout.includes('"inject fault kill"') && r.stdout;
    },
    { message: 'the OperatorAction event of the injected fault in blvm events' },
  );
  t.regex(events, /"module":\s*"target"/);
});

test('a SIGSEGV fault is refused with the reason for a sandboxed module, which runs as PID 1 of its namespace, and SIGABRT crashes it (issue 19)', async (t) => {
  const node = await nodeWithProbes(t, { target: {} });
  const before = await node.waitForPhase('target', 'monitoring');
  t.true(isNamespaceInit(before.pid!), 'the probe runs sandboxed as PID 1 of its namespace');
  const refused = await t.throwsAsync(node.inject('target', 'kill', { signal: 'SIGSEGV' }));
  t.regex(refused!.message, new RegExp(`SIGSEGV cannot end module target: it runs as PID 1 of its sandbox's pid namespace \\(pid ${before.pid}\\)`));
  t.is((await node.module('target')).pid, before.pid, 'the refused fault left the module alone');
  await node.inject('target', 'kill', { signal: 'SIGABRT' });
  const after = await node.waitFor('target', (m) => m.phase === 'monitoring' && m.pid !== before.pid);
  t.is(after.last_exit?.signal, 'SIGABRT');
  t.false(after.last_exit?.byUs);
});
