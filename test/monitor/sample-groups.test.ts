import test from 'ava';
import { readdirSync, readlinkSync } from 'node:fs';
import { scanGroups } from '../../src/monitor/group-scan.js';
import { sampleGroups, type GroupUsage } from '../../src/monitor/sample-groups.js';
import { waitUntil } from '../../src/testing/wait.js';
import { groupSize, memoryGroup, startGroup, waitFor } from './helpers.js';

const MAXAGE = 1_000;
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
  let usage: GroupUsage | undefined;
  await waitUntil(
    async () => {
      usage = (await sampleGroups(scanGroups([pgid]), MAXAGE)).get(pgid);
      return usage !== undefined && usage.processes === 3 && usage.rss_bytes > 64 * MiB;
    },
    { message: () => `three members holding more than 64 MiB together (last ${JSON.stringify(usage)})` },
  );
  t.is(usage!.processes, 3);
});

test('a busy member shows CPU once it has been sampled before', async (t) => {
  const pgid = startGroup(t, 'for (;;) {}');
  await waitFor(() => groupSize(pgid) === 1);
  const cpu = async () => (await sampleGroups(scanGroups([pgid]), MAXAGE)).get(pgid)!.cpu_percent;
  t.true(await waitFor(async () => (await cpu()) > 0, 5_000));
});

test('a member that vanished between scan and sample counts as nothing, without failing the round', async (t) => {
  const pgid = memoryGroup(t, 1, 0);
  await waitFor(() => groupSize(pgid) === 1);
  const members = scanGroups([pgid]);
  process.kill(-pgid, 'SIGKILL');
  await waitFor(() => groupSize(pgid) === 0);
  const usage = await sampleGroups(members, MAXAGE);
  t.deepEqual(usage.get(pgid), { cpu_percent: 0, rss_bytes: 0, processes: 0 });
});

test('sampling keeps no descriptor open once the sampled processes are gone and the cache expired', async (t) => {
  const pgid = memoryGroup(t, 1, 3);
  t.true(await waitFor(() => groupSize(pgid) === 4));
  const pids = scanGroups([pgid]).get(pgid)!;
  for (let i = 0; i < 5; i++) await sampleGroups(scanGroups([pgid]), MAXAGE);
  t.true(statDescriptors(pids) > 0, 'pidusage caches a descriptor per pid while they are sampled');
  process.kill(-pgid, 'SIGKILL');
  t.true(await waitFor(() => statDescriptors(pids) === 0, MAXAGE * 5), `${statDescriptors(pids)} descriptors left`);
});
