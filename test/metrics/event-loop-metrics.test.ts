import test from 'ava';
import { createNodeMetrics } from '../../src/metrics/node-metrics.js';
import { TimerLateness } from '../../src/metrics/timer-lateness.js';
import { parsePromText, sampleValue } from './prom-text.js';

/** A recorder on a clock the test moves; `timer(from, delay, firedAt)` sets a timer at `from` that fires at `firedAt`. */
function clocked() {
  let now = 0;
  const lateness = new TimerLateness(() => now);
  const timer = (from: number, delayMs: number, firedAt: number) => {
    now = from;
    const due = lateness.due(delayMs);
    now = firedAt;
    lateness.fired(due);
  };
  return { lateness, timer };
}

test('a timer that fires late is an event-loop delay sample of that lateness, and a read starts a new window (issue 19)', (t) => {
  const { lateness, timer } = clocked();
  timer(0, 1000, 1003);
  timer(1003, 1000, 2253);
  const figures = lateness.read();
  t.is(figures.samples, 2);
  t.is(figures.last, 0.25);
  t.true(Math.abs(figures.min - 0.003) < 0.003 * 0.01, `min ${figures.min}`);
  t.true(Math.abs(figures.max - 0.25) < 0.25 * 0.01, `max ${figures.max}`);
  t.true(Math.abs(figures.mean - 0.1265) < 0.1265 * 0.01, `mean ${figures.mean}`);
  t.true(Math.abs(figures.p99 - 0.25) < 0.25 * 0.01, `p99 ${figures.p99}`);
  const empty = lateness.read();
  t.is(empty.samples, 0);
  for (const value of [empty.last, empty.min, empty.max, empty.mean, empty.p50]) t.true(Number.isNaN(value));
});

test('a timer that fires a little early counts as no delay, not a negative one (issue 19)', (t) => {
  const { lateness, timer } = clocked();
  timer(5000, 1000, 5999.4);
  const figures = lateness.read();
  t.is(figures.last, 0);
  t.true(figures.max < 1e-6, `max ${figures.max}`);
});

test('the daemon lag families keep their names and show the timer samples since the previous scrape, NaN when there were none (issue 19)', async (t) => {
  const { lateness, timer } = clocked();
  const { registry } = createNodeMetrics(lateness);
  timer(0, 1000, 1400);
  const first = parsePromText(await registry.metrics());
  t.true(Math.abs(sampleValue(first, 'blvm_daemon_nodejs_eventloop_lag_max_seconds')! - 0.4) < 0.004);
  t.is(sampleValue(first, 'blvm_daemon_nodejs_eventloop_lag_seconds'), 0.4);
  for (const name of ['min', 'mean', 'stddev', 'p50', 'p90', 'p99']) t.true(Number.isFinite(sampleValue(first, `blvm_daemon_nodejs_eventloop_lag_${name}_seconds`)!), name);
  const utilization = sampleValue(first, 'blvm_daemon_event_loop_utilization')!;
  t.true(utilization >= 0 && utilization <= 1, `utilization ${utilization}`);
  t.truthy(first.get('blvm_daemon_process_cpu_seconds_total'), 'the other default families are still there');
  t.truthy(first.get('blvm_daemon_nodejs_gc_duration_seconds'));
  const second = parsePromText(await registry.metrics());
  t.true(Number.isNaN(sampleValue(second, 'blvm_daemon_nodejs_eventloop_lag_max_seconds')!));
  t.true(Number.isNaN(sampleValue(second, 'blvm_daemon_nodejs_eventloop_lag_mean_seconds')!));
  registry.clear();
});
