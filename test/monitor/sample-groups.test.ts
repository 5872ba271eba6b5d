import test from 'ava';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { scanGroups } from '../../src/monitor/group-scan.js';
import { GroupSampler, type GroupUsage } from '../../src/monitor/sample-groups.js';
import { waitUntil } from '../../src/testing/wait.js';
import { groupSize, memoryGroup, startGroup, waitFor } from './helpers.js';

const MiB = 2 ** 20;

/** Descriptors this process holds open on /proc/<pid>/stat of the given pids. */
function statDescriptors(pids: number[]): number {
  const wanted = new Set(pids.map((pid) => `/proc/${pid}/stat`));
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return wanted.has(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      return false;
    }
  }).length;
}

/**
 * Whether `pid` has a handler for SIGUSR2 (signal 12: bit 11 of SigCgt in its status). SIGUSR2 because
 * Node catches SIGUSR1 from its start to open its inspector, so that bit says nothing about the test's handler.
 */
function catchesUsr2(pid: number): boolean {
  const mask = /SigCgt:\s+([0-9a-f]+)/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1] ?? '0';
  return (BigInt(`0x${mask}`) & (1n << 11n)) !== 0n;
}

test('one scan finds the live members of every asked group and nothing else', async (t) => {
  const a = memoryGroup(t, 1, 2);
  const b = memoryGroup(t, 1, 0);
  t.true(await waitFor(() => groupSize(a) === 3 && groupSize(b) === 1));
  const groups = scanGroups([a, b, 999_999_999]);
  t.is(groups.get(a)?.length, 3);
  t.deepEqual(groups.get(b), [b]);
  t.deepEqual(groups.get(999_999_999), []);
  t.false(groups.has(process.pid));
});

test('the usage of a group sums the RSS of all its members', async (t) => {
  const pgid = memoryGroup(t, 64, 2);
  t.true(await waitFor(() => groupSize(pgid) === 3));
  const sampler = new GroupSampler();
  let usage: GroupUsage | undefined;
  await waitUntil(
    async () => {
      usage = sampler.sample([pgid]).get(pgid);
      return usage !== undefined && usage.processes === 3 && usage.rss_bytes > 64 * MiB;
    },
    { message: () => `three members holding more than 64 MiB together (last ${JSON.stringify(usage)})` },
  );
  t.is(usage!.processes, 3);
});

test('a busy member shows CPU once it has been sampled before', async (t) => {
  const pgid = startGroup(t, 'for (;;) {}');
  await waitFor(() => groupSize(pgid) === 1);
  const sampler = new GroupSampler();
  t.is(sampler.sample([pgid]).get(pgid)?.cpu_percent, 0, 'nothing to compare with in the first round');
  t.true(await waitFor(() => (sampler.sample([pgid]).get(pgid)?.cpu_percent ?? 0) > 0, 5_000));
});

test('a member that ended since the last round counts as nothing, without failing the round', async (t) => {
  const pgid = memoryGroup(t, 1, 0);
  await waitFor(() => groupSize(pgid) === 1);
  const sampler = new GroupSampler();
  t.is(sampler.sample([pgid]).get(pgid)?.processes, 1);
  process.kill(-pgid, 'SIGKILL');
  await waitFor(() => groupSize(pgid) === 0);
  t.deepEqual(sampler.sample([pgid]).get(pgid), { cpu_percent: 0, rss_bytes: 0, processes: 0 });
});

test('a process a module forks later is counted by the next round, and descriptors are closed with the sampler (issue 19)', async (t) => {
  // Forks a child into its group when told to, the way a module might at any time.
  const pgid = startGroup(t, "process.on('SIGUSR2', () => require('node:child_process').spawn('sleep', ['1000'], { stdio: 'ignore' })); setInterval(() => {}, 1000);");
  t.true(await waitFor(() => catchesUsr2(pgid)), 'the group leader installed its SIGUSR2 handler');
  const sampler = new GroupSampler();
  t.is(sampler.sample([pgid]).get(pgid)?.processes, 1);
  process.kill(pgid, 'SIGUSR2');
  t.true(await waitFor(() => groupSize(pgid) === 2), 'the group forked');
  t.is(sampler.sample([pgid]).get(pgid)?.processes, 2, 'the round after the fork counts the new member');
  const members = scanGroups([pgid]).get(pgid)!;
  t.is(statDescriptors(members), 2, 'one kept descriptor per member');
  sampler.closeAll();
  t.is(statDescriptors(members), 0);
});

test('the descriptor of a member that ended is closed by the next round', async (t) => {
  const pgid = memoryGroup(t, 1, 2);
  t.true(await waitFor(() => groupSize(pgid) === 3));
  const sampler = new GroupSampler();
  sampler.sample([pgid]);
  const pids = scanGroups([pgid]).get(pgid)!;
  t.is(statDescriptors(pids), 3);
  process.kill(-pgid, 'SIGKILL');
  t.true(await waitFor(() => groupSize(pgid) === 0));
  sampler.sample([pgid]);
  t.is(statDescriptors(pids), 0);
});

test('a group whose members all ended counts as nothing without blanking the other groups of the round (issue 19)', async (t) => {
  const alive = memoryGroup(t, 1, 1);
  const ended = memoryGroup(t, 1, 0);
  t.true(await waitFor(() => groupSize(alive) === 2 && groupSize(ended) === 1));
  const sampler = new GroupSampler();
  t.is(sampler.sample([alive, ended]).get(ended)?.processes, 1);
  process.kill(-ended, 'SIGKILL');
  t.true(await waitFor(() => groupSize(ended) === 0));
  for (let round = 0; round < 3; round++) {
    const usage = sampler.sample([alive, ended]);
    t.is(usage.get(alive)?.processes, 2, `round ${round}: the live group keeps both members`);
    t.is(usage.get(ended)?.processes, 0, `round ${round}: the ended group counts as nothing`);
  }
});

test('a thread a member starts later is not counted as a process of its group (issue 19)', async (t) => {
  // Starts a worker thread when told to: a new pid on the machine whose /proc stat names the group.
  const pgid = startGroup(
    t,
    "const { Worker } = require('node:worker_threads'); process.on('SIGUSR2', () => new Worker('setInterval(() => {}, 1000)', { eval: true })); setInterval(() => {}, 1000);",
  );
  t.true(await waitFor(() => catchesUsr2(pgid)), 'the group leader installed its SIGUSR2 handler');
  const threadsBefore = readdirSync(`/proc/${pgid}/task`).length;
  const sampler = new GroupSampler();
  t.is(sampler.sample([pgid]).get(pgid)?.processes, 1);
  process.kill(pgid, 'SIGUSR2');
  t.true(await waitFor(() => readdirSync(`/proc/${pgid}/task`).length > threadsBefore), 'the leader started its worker thread');
  t.is(sampler.sample([pgid]).get(pgid)?.processes, 1, 'the round after counts the one process, not its new thread');
});
