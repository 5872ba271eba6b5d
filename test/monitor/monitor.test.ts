import test from 'ava';
import type { Limits } from '../../src/config/types.js';
import { silentLogger } from '../../src/log/logger.js';
import { scanGroups } from '../../src/monitor/group-scan.js';
import { TimerLateness } from '../../src/metrics/timer-lateness.js';
import { Monitor, type LimitBreachEvent } from '../../src/monitor/monitor.js';
import { GroupSampler } from '../../src/monitor/sample-groups.js';
import { ResourceTrend, readResourceTrend } from '../../src/monitor/resource-trend.js';
import type { PidEntry } from '../../src/process/pid-registry.js';
import { readStartTime } from '../../src/process/process-group.js';
import { waitUntil } from '../../src/testing/wait.js';
import { groupSize, memoryGroup, waitFor } from './helpers.js';

const MiB = 2 ** 20;
const noLimits: Limits = { memory_samples: 3, cpu_window: 10_000, kill_on_cpu_limit: false };

function entryOf(module: string, pgid: number, instanceId = `${module}-1`): PidEntry {
  return { module, instanceId, pid: pgid, pgid, startTime: readStartTime(pgid) ?? 0 };
}

function memoryStore() {
  const meta = new Map<string, unknown>();
  return { meta, getMeta: async <T>(key: string) => meta.get(key) as T | undefined, setMeta: (key: string, value: unknown) => void meta.set(key, value) };
}

function monitorOf(entries: PidEntry[], limits: Record<string, Limits>, breaches: { module: string; event: LimitBreachEvent }[]) {
  return new Monitor(
    {
      entries: () => entries,
      limitsOf: (module) => limits[module] ?? noLimits,
      breach: (module, event) => breaches.push({ module, event }),
      log: silentLogger,
    },
    { intervalMs: 100, ringSize: 5 },
  );
}

test('a module over its memory limit gets a limit.breach naming its instance, and only that module', async (t) => {
  const hog = memoryGroup(t, 96);
  const calm = memoryGroup(t, 1);
  await waitFor(() => groupSize(hog) === 1 && groupSize(calm) === 1);
  const breaches: { module: string; event: LimitBreachEvent }[] = [];
  const limits = { hog: { ...noLimits, max_memory: 64 * MiB, memory_samples: 2 }, calm: { ...noLimits, max_memory: 64 * MiB, memory_samples: 2 } };
  const monitor = monitorOf([entryOf('hog', hog, 'hog-abc'), entryOf('calm', calm)], limits, breaches);
  const sampler = new GroupSampler();
  t.true(await waitFor(() => (sampler.sample([hog]).get(hog)?.rss_bytes ?? 0) > 64 * MiB));
  for (let i = 0; i < 3; i++) await monitor.sampleOnce();
  t.deepEqual(breaches, [{ module: 'hog', event: { type: 'limit.breach', reason: 'memory_limit', kill: true, instanceId: 'hog-abc' } }]);
  await monitor.stop();
});

test('resources keep the last samples in a bounded ring and vanish when the instance is gone', async (t) => {
  const pgid = memoryGroup(t, 1, 1);
  await waitFor(() => groupSize(pgid) === 2);
  const monitor = monitorOf([entryOf('m', pgid, 'm-1')], {}, []);
  for (let i = 0; i < 7; i++) await monitor.sampleOnce();
  const r = monitor.resources('m')!;
  t.like(r, { instance_id: 'm-1', processes: 2 });
  t.is(r.history.length, 5);
  t.true(r.history.every((s, i) => i === 0 || s.at >= r.history[i - 1].at));
  t.is(r.rss_bytes, r.history.at(-1)!.rss_bytes);
  process.kill(-pgid, 'SIGKILL');
  await waitFor(() => groupSize(pgid) === 0);
  await monitor.sampleOnce();
  t.is(monitor.resources('m'), null);
  t.is(monitor.resources('unknown'), null);
});

test('the timer samples on its own until stopped', async (t) => {
  const pgid = memoryGroup(t, 1);
  await waitFor(() => groupSize(pgid) === 1);
  const monitor = monitorOf([entryOf('m', pgid)], {}, []);
  monitor.start();
  t.true(await waitFor(() => (monitor.resources('m')?.history.length ?? 0) >= 2, 5_000));
  await monitor.stop();
  const lastSample = monitor.resources('m')!.sampled_at;
  // A monitor left running at the same interval shows when the stopped one would have sampled again.
  let controlRounds = 0;
  const control = new Monitor(
    { entries: () => (controlRounds++, [entryOf('m', pgid)]), limitsOf: () => noLimits, breach: () => {}, log: silentLogger },
    { intervalMs: 100, ringSize: 5 },
  );
  control.start();
  t.teardown(() => control.stop());
  await waitUntil(() => controlRounds >= 3, { message: () => `a running monitor to sample three times (sampled ${controlRounds})` });
  t.is(monitor.resources('m')!.sampled_at, lastSample, 'the stopped monitor took no sample');
});

test('a stall of the event loop shows as the lateness of the round timer, the delay sample the daemon exports without a probe timer (issue 19)', async (t) => {
  const lateness = new TimerLateness();
  let rounds = 0;
  const monitor = new Monitor(
    { entries: () => (rounds++, []), limitsOf: () => noLimits, breach: () => {}, log: silentLogger, lateness },
    { intervalMs: 100, ringSize: 5 },
  );
  monitor.start();
  t.teardown(() => monitor.stop());
  await waitUntil(() => rounds >= 1, { message: 'the monitor never ran a round' });
  lateness.read();
  // A round timer (due within 100 ms at any moment) falls due during this busy stretch and fires
  // only after it: at least 400 ms late.
  const until = performance.now() + 500;
  while (performance.now() < until);
  const before = rounds;
  await waitUntil(() => rounds > before, { message: 'no round after the stall' });
  const figures = lateness.read();
  t.true(figures.samples >= 1);
  t.true(figures.max >= 0.3, `the stall showed as ${figures.max} s of lateness`);
});

test('samples are down-sampled into stored buckets with mean and peak, flushed at stop', async (t) => {
  const pgid = memoryGroup(t, 8);
  await waitFor(() => groupSize(pgid) === 1);
  const store = memoryStore();
  let clock = 1_000_000;
  const monitor = new Monitor(
    {
      entries: () => [entryOf('m', pgid)],
      limitsOf: () => noLimits,
      breach: () => {},
      log: silentLogger,
      trend: new ResourceTrend(store, 200, 3),
      now: () => clock,
    },
    { intervalMs: 100, ringSize: 5 },
  );
  for (let i = 0; i < 12; i++) {
    await monitor.sampleOnce();
    clock += 60;
  }
  await monitor.stop();
  const trend = await readResourceTrend(store, 'm');
  t.is(trend.length, 3, 'only the newest buckets are kept');
  t.true(trend.every((p) => p.samples >= 1 && p.rss_max >= p.rss_avg && p.rss_avg > 8 * MiB));
  t.true(trend.every((p, i) => i === 0 || p.at > trend[i - 1].at));
});
