import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { BlvmError } from '../../src/errors.js';
import { parseProcStat, readProcStat } from '../../src/process/proc-stat.js';
import { groupMembers, readStartTime, signalGroup, waitGroupGone } from '../../src/process/process-group.js';
import { eventually, isAlive, killAtTeardown, tempDir } from './helpers.js';

test('parseProcStat reads the fields after a command name holding spaces and parentheses', (t) => {
  // Field k (from 4 on) holds 1000 + k.
  const fields = Array.from({ length: 49 }, (_, i) => String(1000 + i + 4)).join(' ');
  const stat = parseProcStat(`4242 (evil) (name) S 1) S ${fields}`);
  t.truthy(stat);
  t.is(stat?.pid, 4242);
  t.is(stat?.comm, 'evil) (name) S 1');
  t.is(stat?.state, 'S');
  t.is(stat?.ppid, 1004);
  t.is(stat?.pgrp, 1005);
  t.is(stat?.startTime, 1022);
  t.is(stat?.cpuTicks, 1014 + 1015);
  t.is(stat?.rssPages, 1024);
});

test('parseProcStat rejects text that is not a stat line', (t) => {
  t.is(parseProcStat('garbage'), null);
  t.is(parseProcStat('12 (x) S 1'), null);
});

test('readStartTime reads a live process whose name contains ") ("', async (t) => {
  const dir = await tempDir(t);
  const oddName = path.join(dir, 'a) (b c');
  await symlink('/bin/sleep', oddName);
  const child = spawn(oddName, ['1000'], { stdio: 'ignore' });
  killAtTeardown(t, child.pid as number);
  await eventually(() => readProcStat(child.pid as number)?.comm === 'a) (b c');
  const stat = readProcStat(child.pid as number);
  t.is(stat?.comm, 'a) (b c');
  t.is(stat?.ppid, process.pid);
  t.is(readStartTime(child.pid as number), stat?.startTime ?? null);
  t.is(typeof stat?.startTime, 'number');
});

test('readStartTime is null for a pid that does not exist', (t) => {
  t.is(readStartTime(2 ** 30), null);
  t.is(readStartTime(-4), null);
});

test('groupMembers finds every process of a detached group, and signalGroup ends them all', async (t) => {
  const leader = spawn('/bin/sh', ['-c', 'sleep 1000 & sleep 1000 & wait'], { detached: true, stdio: 'ignore' });
  const pgid = leader.pid as number;
  killAtTeardown(t, pgid);
  t.true(await eventually(() => groupMembers(pgid).length === 3));
  t.true(groupMembers(pgid).includes(pgid));
  t.false(groupMembers(pgid).includes(process.pid));

  t.true(signalGroup(pgid, 'SIGKILL'));
  t.true(await waitGroupGone(pgid, 10_000));
  t.deepEqual(groupMembers(pgid), []);
  t.false(isAlive(pgid));
});

test('signalGroup on a group that is gone returns false instead of throwing', async (t) => {
  const leader = spawn('/bin/true', [], { detached: true, stdio: 'ignore' });
  await new Promise((resolve) => leader.on('exit', resolve));
  t.false(signalGroup(leader.pid as number, 'SIGTERM'));
});

test('signalGroup refuses group ids that would reach every process', (t) => {
  for (const pgid of [0, 1, -1, 1.5]) t.throws(() => signalGroup(pgid, 'SIGKILL'), { instanceOf: BlvmError });
});

test('waitGroupGone reports false while a member is still alive', async (t) => {
  const leader = spawn('/bin/sleep', ['1000'], { detached: true, stdio: 'ignore' });
  killAtTeardown(t, leader.pid as number);
  t.false(await waitGroupGone(leader.pid as number, 100));
  t.true(isAlive(leader.pid as number));
});

test('groupMembers leaves out a zombie of a live group and answers [] for a group that is gone (issue 19)', async (t) => {
  // `sleep 0` exits at once, and its parent, exec'd into `sleep 1000`, never reaps it.
  const leader = spawn('/bin/sh', ['-c', 'sleep 0 & exec sleep 1000'], { detached: true, stdio: 'ignore' });
  const pgid = leader.pid as number;
  killAtTeardown(t, pgid);
  const zombie = () => readProcStatOfGroup(pgid).find((s) => s.state === 'Z');
  t.true(await eventually(() => zombie() !== undefined), 'the unreaped child became a zombie');
  t.deepEqual(groupMembers(pgid), [pgid]);
  signalGroup(pgid, 'SIGKILL');
  t.true(await waitGroupGone(pgid, 10_000));
  t.deepEqual(groupMembers(pgid), []);
});

function readProcStatOfGroup(pgid: number) {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map((e) => readProcStat(Number(e)))
    .filter((s) => s !== null && s.pgrp === pgid) as NonNullable<ReturnType<typeof readProcStat>>[];
}
