import test, { type ExecutionContext } from 'ava';
import { eventually, fixture, isAlive, tempDir } from '../process/helpers.js';
import { startProcess, type Harness } from '../process/actor-harness.js';
import { groupMembers } from '../../src/process/process-group.js';
import { readProcStat } from '../../src/process/proc-stat.js';
import { needBwrap, sandboxLayout, sandboxSpec } from './helpers.js';

async function sandboxed(t: ExecutionContext, command: string, args: string[] = [], killGrace = 300): Promise<Harness> {
  const paths = await sandboxLayout(await tempDir(t, 'blvm-sandbox-'));
  return startProcess(t, { command: fixture(command), args, killGrace, cwd: paths.moduleDataDir, sandbox: await sandboxSpec(paths) });
}

/** A sandboxed child announces itself twice; the second announcement names the module inside. */
async function modulePid(h: Harness): Promise<number> {
  const announced = () => h.events.filter((e) => e.type === 'child.spawned') as { pid: number }[];
  if (!(await eventually(() => announced().length >= 2, 10_000))) throw new Error('the module inside the sandbox was never announced');
  return announced()[1].pid;
}

test('a sandboxed child is announced as the module process inside the sandbox, with its group registered', async (t) => {
  if (!(await needBwrap(t))) return;
  const h = await sandboxed(t, 'sleeper.js');
  const leader = (await h.spawned()).pid;
  const pid = await modulePid(h);
  t.not(pid, leader);
  await h.line(/^ready$/);
  t.regex(readProcStat(pid)?.comm ?? '', /node/);
  const entry = h.registry.entries()[0];
  t.is(entry.pid, pid);
  t.is(entry.pgid, readProcStat(pid)!.pgrp);
  t.not(entry.pgid, leader);
  h.send({ type: 'process.stop', reason: 'stopped', graceful: false });
  await h.exited();
});

test('SIGTERM reaches the sandboxed module and its exit is reported as that signal, not as code 143', async (t) => {
  if (!(await needBwrap(t))) return;
  const h = await sandboxed(t, 'sleeper.js', [], 20_000);
  await modulePid(h);
  await h.line(/^ready$/);
  h.send({ type: 'process.stop', reason: 'memory_limit', graceful: false });
  t.like(await h.exited(), { signal: 'SIGTERM', code: null, reason: 'memory_limit', byUs: true, detail: 'exited after SIGTERM' });
});

test('a sandboxed module ignoring SIGTERM is SIGKILLed with its whole sandbox', async (t) => {
  if (!(await needBwrap(t))) return;
  const h = await sandboxed(t, 'ignore-term.js', [], 200);
  const leader = (await h.spawned()).pid;
  const pid = await modulePid(h);
  await h.line(/^ready$/);
  h.send({ type: 'process.stop', reason: 'stopped', graceful: false });
  t.like(await h.exited(), { signal: 'SIGKILL', reason: 'stopped', detail: 'SIGKILL after 200 ms grace' });
  t.true(h.lines.includes('ignoring SIGTERM'));
  t.false(isAlive(pid));
  t.false(isAlive(leader));
});

test('a signal injected into a sandboxed module kills it and is reported with its name', async (t) => {
  if (!(await needBwrap(t))) return;
  const h = await sandboxed(t, 'sleeper.js');
  await modulePid(h);
  await h.line(/^ready$/);
  h.send({ type: 'process.signal', signal: 'SIGKILL' });
  t.like(await h.exited(), { reason: 'crashed', byUs: false, signal: 'SIGKILL', detail: 'killed by SIGKILL (injected)' });
});

test('grandchildren inside the sandbox die with the module', async (t) => {
  if (!(await needBwrap(t))) return;
  const h = await sandboxed(t, 'grandparent.js', ['stubborn'], 20_000);
  const pid = await modulePid(h);
  await h.line(/^grandchild \d+$/);
  const group = readProcStat(pid)!.pgrp;
  t.true(await eventually(() => groupMembers(group).length >= 3), 'init, module and grandchild share the group');
  const members = groupMembers(group);
  h.send({ type: 'process.stop', reason: 'stopped', graceful: false });
  await h.exited();
  t.true(await eventually(() => members.every((p) => !isAlive(p))));
});

test('stopping the actor of a sandboxed child kills the sandbox and empties the registry', async (t) => {
  if (!(await needBwrap(t))) return;
  const h = await sandboxed(t, 'sleeper.js');
  const leader = (await h.spawned()).pid;
  const pid = await modulePid(h);
  await h.line(/^ready$/);
  h.stopActor();
  t.true(await eventually(() => !isAlive(pid) && !isAlive(leader)));
  t.true(await eventually(() => h.registry.entries().length === 0));
});
