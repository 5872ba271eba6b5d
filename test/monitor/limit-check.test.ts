import test from 'ava';
import type { Limits } from '../../src/config/types.js';
import { checkLimits, initialLimitState, type UsageSample } from '../../src/monitor/limit-check.js';

const MiB = 2 ** 20;
const base: Limits = { memory_samples: 3, cpu_window: 10_000, kill_on_cpu_limit: false };

/** Feeds samples one second apart and returns the breach (or null) after each. */
function run(limits: Limits, samples: Omit<UsageSample, 'at'>[]) {
  const state = initialLimitState();
  return samples.map((s, i) => checkLimits(state, { at: 1_000_000 + i * 1000, ...s }, limits));
}

const rss = (mib: number) => ({ cpu_percent: 0, rss_bytes: mib * MiB });
const cpu = (percent: number) => ({ cpu_percent: percent, rss_bytes: 10 * MiB });

test('memory over max_memory stops the module only after memory_samples consecutive samples', (t) => {
  const results = run({ ...base, max_memory: 100 * MiB }, [rss(150), rss(150), rss(150)]);
  t.deepEqual(results.slice(0, 2), [null, null]);
  t.like(results[2], { reason: 'memory_limit', kill: true });
  t.regex(results[2]!.detail, /RSS 150\.0 MiB over max_memory 100\.0 MiB for 3 samples/);
});

test('a sample under max_memory restarts the count of consecutive samples', (t) => {
  const results = run({ ...base, max_memory: 100 * MiB }, [rss(150), rss(150), rss(90), rss(150), rss(150)]);
  t.true(results.every((r) => r === null));
});

test('a memory breach is reported once per instance', (t) => {
  const results = run({ ...base, max_memory: 100 * MiB, memory_samples: 1 }, [rss(150), rss(150), rss(150)]);
  t.is(results.filter((r) => r !== null).length, 1);
});

test('without max_memory or max_cpu_percent nothing is ever breached', (t) => {
  t.true(run(base, [rss(100_000), cpu(800), cpu(800)]).every((r) => r === null));
});

test('CPU is judged only once the samples cover a whole window, on the window mean', (t) => {
  const limits = { ...base, max_cpu_percent: 50, cpu_window: 3000 };
  const results = run(limits, [cpu(100), cpu(100), cpu(100), cpu(100)]);
  t.deepEqual(results.slice(0, 3), [null, null, null]);
  t.like(results[3], { reason: 'cpu_limit', kill: false });
});

test('a short CPU burst under the window mean is not a breach', (t) => {
  const limits = { ...base, max_cpu_percent: 50, cpu_window: 3000 };
  t.true(run(limits, [cpu(0), cpu(0), cpu(0), cpu(100), cpu(10), cpu(10)]).every((r) => r === null));
});

test('kill_on_cpu_limit turns a CPU breach into a stop', (t) => {
  const limits = { ...base, max_cpu_percent: 50, cpu_window: 2000, kill_on_cpu_limit: true };
  t.like(run(limits, [cpu(90), cpu(90), cpu(90)])[2], { reason: 'cpu_limit', kill: true });
});

test('a CPU breach is reported once per episode and again after the mean recovered', (t) => {
  const limits = { ...base, max_cpu_percent: 50, cpu_window: 2000 };
  const samples = [cpu(90), cpu(90), cpu(90), cpu(90), cpu(0), cpu(0), cpu(0), cpu(90), cpu(90), cpu(90)];
  const breaches = run(limits, samples).map((r, i) => (r ? i : -1)).filter((i) => i >= 0);
  t.deepEqual(breaches, [2, 8]);
});

test('when memory and CPU are both over, the memory stop wins', (t) => {
  const limits = { ...base, max_memory: 100 * MiB, memory_samples: 2, max_cpu_percent: 10, cpu_window: 1000 };
  const results = run(limits, [{ cpu_percent: 90, rss_bytes: 200 * MiB }, { cpu_percent: 90, rss_bytes: 200 * MiB }]);
  t.like(results[1], { reason: 'memory_limit', kill: true });
});

test('the end of a CPU episode is flagged once so the module can leave degraded', (t) => {
  const state = initialLimitState();
  const limits = { ...base, max_cpu_percent: 50, cpu_window: 2000 };
  const feed = (i: number, percent: number) => checkLimits(state, { at: 1_000_000 + i * 1000, ...cpu(percent) }, limits);
  feed(0, 90);
  feed(1, 90);
  t.like(feed(2, 90), { reason: 'cpu_limit' });
  t.false(state.cpuCleared);
  feed(3, 0);
  feed(4, 0);
  t.true(state.cpuCleared);
});
