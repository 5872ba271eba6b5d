import test, { type ExecutionContext } from 'ava';
import { eventually, fixture, isAlive, tempDir } from '../process/helpers.js';
import { startProcess, type Harness } from '../process/actor-harness.js';
import { groupMembers } from '../../src/process/process-group.js';
import { readFileSync } from 'node:fs';
import { readProcStat } from '../../src/process/proc-stat.js';
import { catchesSignal, childrenOf } from '../../src/process/sandbox-child.js';
import { PID1_PRELOAD } from '../../src/process/spawn-command.js';
import { needBwrap, sandboxLayout, sandboxSpec } from './helpers.js';
import { processesUnder } from '../e2e/helpers/processes.js';

async function sandboxed(t: ExecutionContext, command: string, args: string[] = [], killGrace = 300): Promise<Harness> {
  const paths = await sandboxLayout(await tempDir(t, 'blvm-sandbox-'));
  return startProcess(t, { command: fixture(command), args, killGrace, cwd: paths.workDir, sandbox: await sandboxSpec(paths) });
}

/** Waits until the registry forgot the child and wrote that down, so the temp dir can go. */
async function settled(h: Harness): Promise<void> {
  await eventually(() => h.registry.entries().length === 0);
  await h.registry.remove('no such instance');
}

/** The module process inside the sandbox, as announced by `child.spawned`. */
async function modulePid(h: Harness): Promise<number> {
  return (await h.spawned()).pid;
}

test('a sandboxed child is announced as the module process inside the sandbox, with its group registered', async (t) => {
  if (!(await needBwrap(t))) return;
  const h = await sandboxed(t, 'sleeper.js');
  const pid = await modulePid(h);
  await h.line(/^ready$/);
  t.is(h.events.filter((e) => e.type === 'child.spawned').length, 1);
  t.regex(readProcStat(pid)?.comm ?? '', /node/);
  const leader = readProcStat(pid)!.ppid;
  t.regex(readProcStat(leader)?.comm ?? '', /bwrap/);
  const entry = h.registry.entries()[0];
  t.is(entry.pid, pid);
  t.is(entry.pgid, readProcStat(pid)!.pgrp);
  t.not(entry.pgid, leader);
  h.send({ type: 'process.stop', reason: 'stopped', graceful: false });
  await h.exited();
  await settled(h);
});

test('SIGTERM reaches the sandboxed module and its exit is reported as that signal, not as code 143', async (t) => {
  if (!(await needBwrap(t))) return;
  const h = await sandboxed(t, 'sleeper.js', [], 20_000);
  await modulePid(h);
  await h.line(/^ready$/);
  h.send({ type: 'process.stop', reason: 'memory_limit', graceful: false });
  t.like(await h.exited(), { signal: 'SIGTERM', code: null, reason: 'memory_limit', byUs: true, detail: 'exited after SIGTERM' });
  await settled(h);
});

test('a sandboxed module ignoring SIGTERM is SIGKILLed with its whole sandbox', async (t) => {
  if (!(await needBwrap(t))) return;
  const h = await sandboxed(t, 'ignore-term.js', [], 200);
  const pid = await modulePid(h);
  const leader = readProcStat(pid)!.ppid;
  await h.line(/^ready$/);
  h.send({ type: 'process.stop', reason: 'stopped', graceful: false });
  t.like(await h.exited(), { signal: 'SIGKILL', reason: 'stopped', detail: 'SIGKILL after 200 ms grace' });
  t.true(h.lines.includes('ignoring SIGTERM'));
  t.false(isAlive(pid));
  t.false(isAlive(leader));
  await settled(h);
});

test('a signal injected into a sandboxed module kills it and is reported with its name', async (t) => {
  if (!(await needBwrap(t))) return;
  const h = await sandboxed(t, 'sleeper.js');
  await modulePid(h);
  await h.line(/^ready$/);
  h.send({ type: 'process.signal', signal: 'SIGKILL' });
  t.like(await h.exited(), { reason: 'crashed', byUs: false, signal: 'SIGKILL', detail: 'killed by SIGKILL (injected)' });
  await settled(h);
});

test('grandchildren inside the sandbox die with the module', async (t) => {
  if (!(await needBwrap(t))) return;
  const h = await sandboxed(t, 'grandparent.js', ['stubborn'], 20_000);
  const pid = await modulePid(h);
  await h.line(/^grandchild \d+$/);
  const group = readProcStat(pid)!.pgrp;
  t.true(await eventually(() => groupMembers(group).length >= 2), 'module and grandchild share the group');
  const members = groupMembers(group);
  h.send({ type: 'process.stop', reason: 'stopped', graceful: false });
  await h.exited();
  t.true(await eventually(() => members.every((p) => !isAlive(p))));
  await settled(h);
});

test('stopping the actor of a sandboxed child kills the sandbox and empties the registry', async (t) => {
  if (!(await needBwrap(t))) return;
  const h = await sandboxed(t, 'sleeper.js');
  const pid = await modulePid(h);
  const leader = readProcStat(pid)!.ppid;
  await h.line(/^ready$/);
  h.stopActor();
  t.true(await eventually(() => !isAlive(pid) && !isAlive(leader)));
  t.true(await eventually(() => h.registry.entries().length === 0));
  await settled(h);
});

test('a sandbox that fails before the module runs is announced by its bwrap pid and then reported as crashed', async (t) => {
  if (!(await needBwrap(t))) return;
  const paths = await sandboxLayout(await tempDir(t, 'blvm-sandbox-'));
  const spec = await sandboxSpec(paths);
  const h = await startProcess(t, { command: fixture('sleeper.js'), cwd: paths.workDir, sandbox: { ...spec, args: ['--bind', '/nonexistent/blvm', '/x', ...spec.args] } });
  const exit = await h.exited();
  t.like(exit, { reason: 'crashed', byUs: false });
  const kinds = h.events.map((e) => e.type);
  t.deepEqual(kinds, ['child.spawned', 'child.exited']);
  t.true(h.lines.some((l) => /bwrap/.test(l)), h.lines.join('\n'));
  await settled(h);
});

test('stopping the actor while its sandbox is still starting leaves no process of the sandbox alive (issue 14)', async (t) => {
  if (!(await needBwrap(t))) return;
  for (let round = 0; round < 30; round++) {
    const dir = await tempDir(t, 'blvm-sandbox-race-');
    const paths = await sandboxLayout(dir);
    const h = await startProcess(t, { command: fixture('sleeper.js'), cwd: paths.workDir, sandbox: await sandboxSpec(paths) });
    // Spread the stop over the first milliseconds of the sandbox's start.
    if (round % 3 === 1) await new Promise((resolve) => setImmediate(resolve));
    if (round % 3 === 2) await new Promise((resolve) => setTimeout(resolve, round % 10));
    h.stopActor();
    const clean = await eventually(() => processesUnder(dir).length === 0, 5_000);
    t.true(clean, `round ${round}: left alive: ${JSON.stringify(processesUnder(dir))}`);
    if (!clean) return;
  }
});

test('a stop sent while the sandbox is starting reaches the module itself, not bwrap (issue 14)', async (t) => {
  if (!(await needBwrap(t))) return;
  const dir = await tempDir(t, 'blvm-sandbox-race-');
  const paths = await sandboxLayout(dir);
  const h = await startProcess(t, { command: fixture('sleeper.js'), cwd: paths.workDir, sandbox: await sandboxSpec(paths) });
  h.send({ type: 'process.stop', reason: 'ping_timeout', graceful: false });
  t.like(await h.exited(), { signal: 'SIGTERM', reason: 'ping_timeout', byUs: true });
  t.true(await eventually(() => processesUnder(dir).length === 0, 5_000), JSON.stringify(processesUnder(dir)));
  await settled(h);
});

/** The pid of `pid` in each pid namespace it is in, outermost first (NSpid of /proc/<pid>/status). */
function nsPids(pid: number): number[] {
  const line = /^NSpid:\s*(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
  return (line?.[1] ?? '').trim().split(/\s+/).map(Number);
}

test('a sandboxed Node module is PID 1 of its namespace, run by the node binary directly below bwrap with no sandbox init (issue 19)', async (t) => {
  if (!(await needBwrap(t))) return;
  const h = await sandboxed(t, 'sleeper.js');
  const pid = await modulePid(h);
  await h.line(/^ready$/);
  const leader = readProcStat(pid)!.ppid;
  t.regex(readProcStat(leader)?.comm ?? '', /bwrap/);
  t.deepEqual(childrenOf(leader), [pid], 'bwrap has one child: the module');
  t.is(nsPids(pid).at(-1), 1);
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  t.deepEqual(argv, [process.execPath, `--require=${PID1_PRELOAD}`, h.spec.command]);
  h.send({ type: 'process.stop', reason: 'stopped', graceful: false });
  t.like(await h.exited(), { signal: 'SIGTERM', detail: 'exited after SIGTERM' });
  await settled(h);
});

test('orphans that left the module group inside the sandbox, and the zombies a Node PID 1 does not reap, end with the module (issue 19)', async (t) => {
  if (!(await needBwrap(t))) return;
  const h = await sandboxed(t, 'orphan-maker.js', [], 20_000);
  const pid = await modulePid(h);
  await h.line(/^orphans$/);
  const sleepers = (): number[] => childrenOf(pid).filter((c) => readProcStat(c)?.comm === 'sleep');
  t.true(await eventually(() => sleepers().length === 2), 'the orphans are the module\'s children');
  const [orphan, zombie] = sleepers();
  t.not(readProcStat(orphan)!.pgrp, readProcStat(pid)!.pgrp, 'the orphan left the module group');
  process.kill(zombie, 'SIGKILL');
  t.true(await eventually(() => readProcStat(zombie)?.state === 'Z'), 'the dead orphan stays a zombie under the module');
  h.send({ type: 'process.stop', reason: 'stopped', graceful: false });
  t.like(await h.exited(), { signal: 'SIGTERM', detail: 'exited after SIGTERM' });
  t.true(await eventually(() => readProcStat(orphan) === null), 'the orphan died with the namespace');
  t.true(await eventually(() => readProcStat(zombie) === null), 'the zombie was reaped with the namespace');
  await settled(h);
});

test('an injected SIGINT ends a sandboxed Node module that has no handler of its own, though it is PID 1 (issue 19)', async (t) => {
  if (!(await needBwrap(t))) return;
  const h = await sandboxed(t, 'sleeper.js');
  await modulePid(h);
  await h.line(/^ready$/);
  h.send({ type: 'process.signal', signal: 'SIGINT' });
  t.like(await h.exited(), { reason: 'crashed', byUs: false, signal: 'SIGINT', detail: 'killed by SIGINT (injected)' });
  await settled(h);
});

test('a sandboxed entry that is not a Node script runs below the sandbox init as before (issue 19)', async (t) => {
  if (!(await needBwrap(t))) return;
  const h = await sandboxed(t, 'sleeper.sh');
  const pid = await modulePid(h);
  await h.line(/^ready$/);
  t.is(readProcStat(pid)?.comm, 'sleep');
  t.regex(readProcStat(readProcStat(readProcStat(pid)!.ppid)!.ppid)?.comm ?? '', /bwrap/, 'bwrap monitor → bwrap init → module');
  t.not(nsPids(pid).at(-1), 1);
  h.send({ type: 'process.stop', reason: 'stopped', graceful: false });
  t.like(await h.exited(), { signal: 'SIGTERM', detail: 'exited after SIGTERM' });
  await settled(h);
});

test('whether a process handles a signal is read from its SigCgt mask', (t) => {
  t.false(catchesSignal(process.pid, 'SIGWINCH'));
  const listener = (): void => {};
  process.on('SIGWINCH', listener);
  t.teardown(() => process.off('SIGWINCH', listener));
  t.true(catchesSignal(process.pid, 'SIGWINCH'));
  t.false(catchesSignal(2 ** 22 + 1, 'SIGWINCH'), 'no such process');
});
