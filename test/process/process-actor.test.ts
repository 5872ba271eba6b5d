import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { INHERITED_ENV } from '../../src/process/child-env.js';
import { groupMembers } from '../../src/process/process-group.js';
import { prlimitAvailable } from '../../src/process/spawn-command.js';
import { startProcess, type FakeIpc } from './actor-harness.js';
import { eventually, fixture, isAlive } from './helpers.js';

/** An IPC connection that accepts the shutdown request, for a child that then ignores it. */
function obeysNothing(ipc: FakeIpc): void {
  ipc.onShutdown = () => true;
}

/** output.log once it holds a line matching `line`: the exit line is written after the exit is reported (issue 19). */
async function loggedOnce(logDir: string, line: RegExp): Promise<string> {
  const read = () => readFile(path.join(logDir, 'output.log'), 'utf8').catch(() => '');
  await eventually(async () => line.test(await read()), 5_000);
  return read();
}

test('a child that exits with code 3 is reported once as crashed, then forgotten everywhere', async (t) => {
  const h = await startProcess(t, { args: ['3'] });
  const spawned = await h.spawned();
  const exit = await h.exited();
  t.like(exit, { code: 3, signal: null, reason: 'crashed', byUs: false, detail: 'exit code 3' });
  t.true(exit.uptimeMs >= 0);
  t.is(h.ipc.expected[0].instanceId, spawned.instanceId);
  t.deepEqual(h.ipc.forgotten, [spawned.instanceId]);
  t.true(await eventually(() => h.registry.entries().length === 0));
  h.stopActor();
  t.is(h.events.filter((e) => e.type === 'child.exited').length, 1);
});

test('a child that exits with code 0 is reported as exited, its output logged with stderr marked', async (t) => {
  const h = await startProcess(t, { args: ['0'] });
  t.like(await h.exited(), { code: 0, reason: 'exited', byUs: false });
  t.deepEqual(h.lines.sort(), ['[stderr] oops on stderr', 'bye from stdout']);
  const logged = await loggedOnce(h.spec.logDir, /^\[blvm\] exited: /m);
  t.regex(logged, /^\[blvm\] started pid \d+ \(attempt 1\)$/m);
  t.regex(logged, /^bye from stdout$/m);
  t.regex(logged, /^\[stderr\] oops on stderr$/m);
  t.regex(logged, /^\[blvm\] exited: exit code 0$/m);
});

test('a child that ignores SIGTERM is SIGKILLed after killGrace and reported as stopped by us', async (t) => {
  const h = await startProcess(t, { command: fixture('ignore-term.js'), killGrace: 200 });
  const { pid } = await h.spawned();
  await h.line(/^ready$/);
  h.send({ type: 'process.stop', reason: 'stopped', graceful: true });
  const exit = await h.exited();
  t.like(exit, { reason: 'stopped', byUs: true, signal: 'SIGKILL', code: null, detail: 'SIGKILL after 200 ms grace' });
  t.deepEqual(h.ipc.shutdowns, [{ instanceId: h.ipc.expected[0].instanceId, reason: 'stopped' }]);
  t.true(h.lines.includes('ignoring SIGTERM'));
  t.false(isAlive(pid));
});

test('a graceful stop ends at the shutdown request when the module obeys it', async (t) => {
  let childPid = 0;
  const h = await startProcess(
    t,
    { command: fixture('obey-interrupt.js'), stopGrace: 20_000 },
    {
      configure: (ipc) => {
        ipc.onShutdown = () => {
          process.kill(childPid, 'SIGINT');
          return true;
        };
      },
    },
  );
  childPid = (await h.spawned()).pid;
  await h.line(/^ready$/);
  h.send({ type: 'process.stop', reason: 'stopped', graceful: true });
  t.like(await h.exited(), { code: 0, reason: 'stopped', byUs: true, detail: 'exited after shutdown request' });
});

test('a stop that is not graceful skips the shutdown request and starts with SIGTERM', async (t) => {
  const h = await startProcess(t, { command: fixture('sleeper.js'), killGrace: 20_000 }, { configure: obeysNothing });
  await h.spawned();
  await h.line(/^ready$/);
  h.send({ type: 'process.stop', reason: 'memory_limit', graceful: false });
  t.like(await h.exited(), { signal: 'SIGTERM', reason: 'memory_limit', byUs: true, detail: 'exited after SIGTERM' });
  t.deepEqual(h.ipc.shutdowns, []);
});

test('a second stop that is not graceful cuts the shutdown wait short', async (t) => {
  const h = await startProcess(
    t,
    { command: fixture('sleeper.js'), stopGrace: 60_000, killGrace: 60_000 },
    { configure: obeysNothing },
  );
  await h.spawned();
  await h.line(/^ready$/);
  h.send({ type: 'process.stop', reason: 'stopped', graceful: true });
  await eventually(() => h.ipc.shutdowns.length === 1);
  h.send({ type: 'process.stop', reason: 'ping_timeout', graceful: false });
  t.like(await h.exited(), { signal: 'SIGTERM', reason: 'ping_timeout', byUs: true, detail: 'exited after SIGTERM' });
});

test('stopping a child also ends the grandchild it started', async (t) => {
  const h = await startProcess(t, { command: fixture('grandparent.js') });
  const { pid } = await h.spawned();
  const grandchild = Number((await h.line(/^grandchild \d+$/)).split(' ')[1]);
  t.true(isAlive(grandchild));
  h.send({ type: 'process.stop', reason: 'stopped', graceful: false });
  t.like(await h.exited(), { reason: 'stopped', byUs: true });
  t.false(isAlive(pid));
  t.false(isAlive(grandchild));
  t.deepEqual(groupMembers(pid), []);
});

test('a grandchild that survives SIGTERM is killed once its parent is gone, and the record says so', async (t) => {
  const h = await startProcess(t, { command: fixture('grandparent.js'), args: ['stubborn'], killGrace: 20_000 });
  const { pid } = await h.spawned();
  const grandchild = Number((await h.line(/^grandchild \d+$/)).split(' ')[1]);
  await eventually(() => groupMembers(pid).includes(grandchild));
  h.send({ type: 'process.stop', reason: 'stopped', graceful: false });
  const exit = await h.exited();
  t.is(exit.signal, 'SIGTERM');
  t.regex(exit.detail ?? '', /^exited after SIGTERM; killed 1 leftover process/);
  t.false(isAlive(grandchild));
});

test('a command that does not exist is reported as spawn_failed with the error, without a spawn', async (t) => {
  const h = await startProcess(t, { command: '/nonexistent/blvm-module' });
  const exit = await h.exited();
  t.like(exit, { reason: 'spawn_failed', byUs: false, code: null, signal: null, uptimeMs: 0 });
  t.regex(exit.detail ?? '', /ENOENT/);
  t.false(h.events.some((e) => e.type === 'child.spawned'));
  t.deepEqual(h.ipc.forgotten, [h.ipc.expected[0].instanceId]);
});

test('an entry point without the executable bit is reported as spawn_failed with EACCES', async (t) => {
  const h = await startProcess(
    t,
    { command: './module.js' },
    { before: (dir) => writeFile(path.join(dir, 'module.js'), '#!/usr/bin/env node\n', { mode: 0o644 }) },
  );
  const exit = await h.exited();
  t.like(exit, { reason: 'spawn_failed', byUs: false });
  t.regex(exit.detail ?? '', /EACCES/);
});

test('a missing working directory is reported as spawn_failed', async (t) => {
  const h = await startProcess(t, { cwd: '/nonexistent/blvm-data' });
  const exit = await h.exited();
  t.is(exit.reason, 'spawn_failed');
  t.regex(exit.detail ?? '', /cwd|ENOENT/);
});

test('the child environment holds only PATH, HOME, LANG, TZ, the spec env and BLVM_TOKEN', async (t) => {
  process.env.BLVM_TEST_DAEMON_SECRET = 'must-not-leak';
  t.teardown(() => delete process.env.BLVM_TEST_DAEMON_SECRET);
  const h = await startProcess(t, { command: fixture('print-env.js'), env: { BLVM_MODULE: 'fixture', BLVM_SOCKET: '/tmp/node.sock' } });
  t.like(await h.exited(), { reason: 'exited' });
  const env = JSON.parse(await h.line(/^\{/)) as Record<string, string>;
  const inherited = INHERITED_ENV.filter((name) => process.env[name] !== undefined);
  t.deepEqual(Object.keys(env).sort(), [...inherited, 'BLVM_MODULE', 'BLVM_SOCKET', 'BLVM_TOKEN'].sort());
  t.is(env.BLVM_TOKEN, h.ipc.expected[0].token);
  t.is(env.BLVM_SOCKET, '/tmp/node.sock');
  t.is(env.PATH, process.env.PATH ?? '');
});

test('every spawn gets a fresh instance id and token', async (t) => {
  const [a, b] = await Promise.all([startProcess(t, {}), startProcess(t, {})]);
  await Promise.all([a.exited(), b.exited()]);
  t.not(a.ipc.expected[0].instanceId, b.ipc.expected[0].instanceId);
  t.not(a.ipc.expected[0].token, b.ipc.expected[0].token);
  t.true(a.ipc.expected[0].token.length >= 21);
});

test('rlimits are applied to the child through prlimit', async (t) => {
  if (!prlimitAvailable()) {
    t.log('prlimit is not installed here; nothing to check');
    t.pass();
    return;
  }
  const h = await startProcess(t, { command: fixture('print-limits.sh'), rlimits: { nofile: 64, nproc: 4096 } });
  t.like(await h.exited(), { reason: 'exited' });
  t.regex(await h.line(/^Max open files/), /^Max open files\s+64\s+64\s+files/);
  t.regex(await h.line(/^Max processes/), /^Max processes\s+4096\s+4096\s+processes/);
});

test('an injected signal goes to the group and the exit is a crash, not a stop', async (t) => {
  const h = await startProcess(t, { command: fixture('sleeper.js') });
  await h.spawned();
  await h.line(/^ready$/);
  h.send({ type: 'process.signal', signal: 'SIGKILL' });
  t.like(await h.exited(), { reason: 'crashed', byUs: false, signal: 'SIGKILL', detail: 'killed by SIGKILL (injected)' });
});

test('stopping the actor kills the whole process group and still cleans up the registry', async (t) => {
  const h = await startProcess(t, { command: fixture('grandparent.js'), args: ['stubborn'] });
  const { pid, instanceId } = await h.spawned();
  const grandchild = Number((await h.line(/^grandchild \d+$/)).split(' ')[1]);
  t.is(h.registry.entries()[0]?.pid, pid);
  h.stopActor();
  t.true(await eventually(() => !isAlive(pid) && !isAlive(grandchild)));
  t.true(await eventually(() => h.registry.entries().length === 0 && h.ipc.forgotten.includes(instanceId)));
  t.false(h.events.some((e) => e.type === 'child.exited'));
  const logged = await loggedOnce(h.spec.logDir, /^\[blvm\] stopped: /m);
  t.regex(logged, /^\[blvm\] stopped: SIGKILL when its actor was stopped$/m);
});

test('a flood of output stays within the rotation bounds and ends with the exit marker', async (t) => {
  const h = await startProcess(t, { command: fixture('flood.js'), args: ['16'], logMaxFileSize: 64 * 1024, logMaxFiles: 2 });
  t.like(await h.exited(), { reason: 'exited', code: 0 });
  const logged = await loggedOnce(h.spec.logDir, /^\[blvm\] exited: /m);
  t.deepEqual((await readdir(h.spec.logDir)).sort(), ['output.log', 'output.log.1']);
  for (const name of ['output.log', 'output.log.1']) t.true((await stat(path.join(h.spec.logDir, name))).size <= 64 * 1024);
  const lines = logged.trimEnd().split('\n');
  t.is(lines[lines.length - 1], '[blvm] exited: exit code 0');
});

test('new timings sent to a running process apply to its next stop and to its liveness pings', async (t) => {
  const h = await startProcess(t, { command: fixture('ignore-term.js'), stopGrace: 60_000, killGrace: 60_000 }, { configure: obeysNothing });
  await h.spawned();
  await h.line(/^ready$/);
  h.send({ type: 'process.timing', stopGrace: 100, killGrace: 150, pingInterval: 750 });
  t.true(await eventually(() => h.ipc.pingIntervals.length > 0, 5_000), 'the new ping interval reaches the IPC server');
  t.deepEqual(h.ipc.pingIntervals, [{ instanceId: h.ipc.expected[0].instanceId, ms: 750 }]);
  h.send({ type: 'process.stop', reason: 'stopped', graceful: true });
  t.like(await h.exited(), { reason: 'stopped', byUs: true, signal: 'SIGKILL', detail: 'SIGKILL after 150 ms grace' });
});
