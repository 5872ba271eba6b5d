import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { silentLogger } from '../../src/log/logger.js';
import { PidRegistry, type PidEntry } from '../../src/process/pid-registry.js';
import { readStartTime, waitGroupGone } from '../../src/process/process-group.js';
import { eventually, isAlive, killAtTeardown, tempDir } from './helpers.js';

function startGroup(t: Parameters<typeof killAtTeardown>[0], script = 'sleep 1000 & wait'): number {
  const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
  const pid = child.pid as number;
  killAtTeardown(t, pid);
  return pid;
}

function entryFor(module: string, pid: number, startTime = readStartTime(pid) as number): PidEntry {
  return { module, instanceId: `${module}-instance`, pid, pgid: pid, startTime };
}

test('entries are persisted to the file on every change', async (t) => {
  const file = path.join(await tempDir(t), 'run', 'pids.json');
  const registry = await PidRegistry.open(file, silentLogger);
  await registry.add({ module: 'a', instanceId: 'i1', pid: 1001, pgid: 1001, startTime: 5 });
  await registry.add({ module: 'b', instanceId: 'i2', pid: 1002, pgid: 1002, startTime: 6 });
  await registry.remove('i1');
  const saved = JSON.parse(await readFile(file, 'utf8')) as { entries: PidEntry[] };
  t.deepEqual(saved.entries, [{ module: 'b', instanceId: 'i2', pid: 1002, pgid: 1002, startTime: 6 }]);
  const reopened = await PidRegistry.open(file, silentLogger);
  t.deepEqual(reopened.entries(), saved.entries);
});

test('the sweep kills a recorded group still alive with the same start time and clears the file', async (t) => {
  const file = path.join(await tempDir(t), 'pids.json');
  const pid = startGroup(t);
  await eventually(() => readStartTime(pid) !== null);
  const previous = await PidRegistry.open(file, silentLogger);
  await previous.add(entryFor('miner', pid));

  const registry = await PidRegistry.open(file, silentLogger);
  const { killed } = await registry.sweepLeftovers();
  t.true(killed.some((k) => k.module === 'miner' && k.pid === pid));
  t.true(await waitGroupGone(pid, 5_000));
  t.false(isAlive(pid));
  t.deepEqual(registry.entries(), []);
  t.deepEqual((JSON.parse(await readFile(file, 'utf8')) as { entries: PidEntry[] }).entries, []);
});

test('the sweep leaves alone a recorded pid that now has another start time', async (t) => {
  const file = path.join(await tempDir(t), 'pids.json');
  const pid = startGroup(t);
  await eventually(() => readStartTime(pid) !== null);
  const previous = await PidRegistry.open(file, silentLogger);
  await previous.add(entryFor('indexer', pid, (readStartTime(pid) as number) - 1));

  const { killed } = await (await PidRegistry.open(file, silentLogger)).sweepLeftovers();
  t.deepEqual(killed, []);
  t.true(isAlive(pid));
});

test('the sweep ignores entries recorded during another boot', async (t) => {
  const file = path.join(await tempDir(t), 'pids.json');
  const pid = startGroup(t);
  await eventually(() => readStartTime(pid) !== null);
  await writeFile(file, JSON.stringify({ version: 1, bootId: 'some-other-boot', entries: [entryFor('old', pid)] }));
  const { killed } = await (await PidRegistry.open(file, silentLogger)).sweepLeftovers();
  t.deepEqual(killed, []);
  t.true(isAlive(pid));
});

test('the sweep never touches processes recorded by the current run', async (t) => {
  const file = path.join(await tempDir(t), 'pids.json');
  const pid = startGroup(t);
  await eventually(() => readStartTime(pid) !== null);
  const registry = await PidRegistry.open(file, silentLogger);
  await registry.add(entryFor('fresh', pid));
  t.deepEqual((await registry.sweepLeftovers()).killed, []);
  t.true(isAlive(pid));
  t.is(registry.entries().length, 1);
});

test('killInstance kills what is left of one instance, grandchildren included, and forgets it', async (t) => {
  const file = path.join(await tempDir(t), 'pids.json');
  const pid = startGroup(t, 'sleep 1000 & sleep 1000 & wait');
  await eventually(() => readStartTime(pid) !== null);
  const registry = await PidRegistry.open(file, silentLogger);
  await registry.add(entryFor('lnd-glue', pid));
  t.true(await registry.killInstance('lnd-glue-instance'));
  t.true(await waitGroupGone(pid, 5_000));
  t.deepEqual(registry.entries(), []);
  t.false(await registry.killInstance('lnd-glue-instance'));
});

test('an unreadable registry file opens empty instead of failing the daemon', async (t) => {
  const file = path.join(await tempDir(t), 'pids.json');
  await writeFile(file, '{ not json');
  const errors: string[] = [];
  const registry = await PidRegistry.open(file, { ...silentLogger, error: (msg) => errors.push(msg) });
  t.deepEqual(registry.entries(), []);
  t.is(errors.length, 1);
  t.deepEqual((await registry.sweepLeftovers()).killed, []);
});

test('a write whose directory was removed fails instead of recreating it', async (t) => {
  const runDir = path.join(await tempDir(t), 'run');
  const registry = await PidRegistry.open(path.join(runDir, 'pids.json'), silentLogger);
  const write = registry.add({ module: 'a', instanceId: 'i1', pid: 1001, pgid: 1001, startTime: 5 });
  // The write is queued; the directory goes away before it runs (as at a test's teardown).
  rmSync(runDir, { recursive: true });
  await t.throwsAsync(write, { code: 'ENOENT' });
  t.false(existsSync(runDir), 'the run directory stays removed');
  await registry.close();
});

test('close waits for the write in flight, and a closed registry refuses changes without touching the disk', async (t) => {
  const runDir = path.join(await tempDir(t), 'run');
  const file = path.join(runDir, 'pids.json');
  const registry = await PidRegistry.open(file, silentLogger);
  const entry = { module: 'a', instanceId: 'i1', pid: 1001, pgid: 1001, startTime: 5 };
  void registry.add(entry);
  await registry.close();
  t.deepEqual((JSON.parse(await readFile(file, 'utf8')) as { entries: PidEntry[] }).entries, [entry], 'the write in flight landed before close returned');
  rmSync(runDir, { recursive: true });
  await t.throwsAsync(registry.add({ ...entry, instanceId: 'i2' }), { message: /pid registry .*pids\.json is closed/ });
  await t.throwsAsync(registry.remove('i1'), { message: /is closed/ });
  t.false(existsSync(runDir), 'nothing recreated the run directory');
});
