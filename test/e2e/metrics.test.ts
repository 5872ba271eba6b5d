import test from 'ava';
import { QUICK_QUARANTINE } from './helpers/inspector.js';
import { nodeWithProbes } from './helpers/probe.js';
import { parsePromText, sampleValue } from '../metrics/prom-text.js';
import type { MetricsInfo } from '../../src/metrics/metrics-service.js';
import { waitUntil } from '../../src/testing/wait.js';

// A module that reports its own metrics, subscribes to events and makes one failing request.
const REPORTER = `
const { connect } = await import(${JSON.stringify(new URL('../../dist/src/sdk/index.js', import.meta.url).href)});
const client = await connect();
await client.ready();
await client.subscribe({ types: ['NewBlock'] });
await client.reportMetrics({ 'blocks.seen': 3, queue_depth: 7 });
await client.request('no.such.method').catch(() => {});
setInterval(() => {}, 1000);
`;

const MANIFEST = `name = "reporter"\nversion = "1.0.0"\nentry_point = "main.js"\ndescription = "reports metrics"\nauthor = "blvm tests"\ncapabilities = ["report_metrics", "subscribe_events"]\n`;

const FAMILIES = [
  'blvm_module_phase', 'blvm_module_restarts', 'blvm_module_crashes_total', 'blvm_module_quarantines_total', 'blvm_module_cpu_percent',
  'blvm_module_rss_bytes', 'blvm_module_uptime_seconds', 'blvm_ipc_requests_total', 'blvm_ipc_request_errors_total',
  'blvm_ipc_request_duration_seconds', 'blvm_bus_events_total', 'blvm_bus_events_dropped_total', 'blvm_bus_queued_events',
  'blvm_store_write_duration_seconds', 'blvm_store_rows_written_total', 'blvm_chain_height', 'blvm_module_reported',
];

test('a Prometheus scrape of a running node shows every metric family with real values (issue 20)', async (t) => {
  const node = await nodeWithProbes(t, { looper: { mode: 'crash', config: { crash_after_ms: 100, exit_code: 3 } } }, { metrics: true, supervision: QUICK_QUARANTINE, start: false });
  await node.addModule('reporter', MANIFEST, REPORTER);
  await node.start();
  const info = await node.control<MetricsInfo>('getmetricsinfo');
  t.true(info.listening, info.problem);
  t.regex(info.url!, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  await node.waitForPhase('looper', 'quarantined');
  await node.waitForPhase('reporter', 'monitoring');
  t.is((await node.cli(['chain', 'generate', '3'])).exitCode, 0);

  const scrape = async () => {
    const res = await fetch(info.url!);
    t.is(res.status, 200);
    t.regex(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return parsePromText(await res.text());
  };
  let families = await scrape();
  await waitUntil(async () => {
    families = await scrape();
    return sampleValue(families, 'blvm_module_reported', { module: 'reporter', metric: 'blocks.seen' }) === 3 &&
      sampleValue(families, 'blvm_module_rss_bytes', { module: 'reporter' }) !== undefined &&
      sampleValue(families, 'blvm_chain_height') === 3;
  }, { timeoutMs: 20_000, intervalMs: 300, message: 'the scrape never showed the reported metrics, a resource sample and height 3' });

  for (const name of FAMILIES) t.truthy(families.get(name), `family ${name} is missing`);
  t.is(families.get('blvm_ipc_request_duration_seconds')?.type, 'histogram');
  t.is(families.get('blvm_module_crashes_total')?.type, 'counter');
  t.is(sampleValue(families, 'blvm_module_phase', { module: 'looper', phase: 'quarantined' }), 1);
  t.is(sampleValue(families, 'blvm_module_phase', { module: 'looper', phase: 'monitoring' }), 0);
  t.is(sampleValue(families, 'blvm_module_phase', { module: 'reporter', phase: 'monitoring' }), 1);
  t.true(sampleValue(families, 'blvm_module_crashes_total', { module: 'looper', reason: 'crashed' })! >= 2);
  t.is(sampleValue(families, 'blvm_module_quarantines_total', { module: 'looper' }), 1);
  t.true(sampleValue(families, 'blvm_module_restarts', { module: 'looper' })! >= 1);
  t.true(sampleValue(families, 'blvm_module_uptime_seconds', { module: 'reporter' })! > 0);
  t.true(sampleValue(families, 'blvm_module_rss_bytes', { module: 'reporter' })! > 0);
  t.is(sampleValue(families, 'blvm_module_reported', { module: 'reporter', metric: 'queue_depth' }), 7);
  t.true(sampleValue(families, 'blvm_ipc_requests_total', { module: 'reporter', method: 'metrics.report' })! >= 1);
  t.is(sampleValue(families, 'blvm_ipc_request_errors_total', { module: 'reporter', method: 'no.such.method', code: 'not_found' }), 1);
  t.true(sampleValue(families, 'blvm_ipc_request_duration_seconds_count', { module: 'reporter', method: 'metrics.report' })! >= 1);
  t.true(sampleValue(families, 'blvm_ipc_request_duration_seconds_bucket', { module: 'reporter', method: 'metrics.report', le: '+Inf' })! >= 1);
  t.true(sampleValue(families, 'blvm_bus_events_total', { source: 'node' })! >= 3);
  t.true(sampleValue(families, 'blvm_store_write_duration_seconds_count')! > 0);
  t.true(sampleValue(families, 'blvm_store_rows_written_total')! > 0);
  t.truthy(families.get('blvm_daemon_process_resident_memory_bytes'), 'the daemon process itself is measured too');

  const missing = await fetch(new URL('/nothing', info.url!));
  t.is(missing.status, 404);
});

test('a node started with metrics disabled says so and serves nothing', async (t) => {
  const node = await nodeWithProbes(t, { steady: {} });
  const info = await node.control<MetricsInfo>('getmetricsinfo');
  t.false(info.enabled);
  t.false(info.listening);
  t.is(info.url, null);
});

test('a running node measures its event loop from the monitor round without a probe timer: lag gauges with samples and a utilization (issue 19)', async (t) => {
  const node = await nodeWithProbes(t, { steady: {} }, { metrics: true });
  const info = await node.control<MetricsInfo>('getmetricsinfo');
  t.true(info.listening, info.problem);
  const scrape = async () => parsePromText(await (await fetch(info.url!)).text());
  // The first scrape may come before a monitor round; one second later there has been one.
  let families = await scrape();
  await waitUntil(async () => Number.isFinite(sampleValue((families = await scrape()), 'blvm_daemon_nodejs_eventloop_lag_max_seconds') ?? NaN), {
    timeoutMs: 10_000,
    intervalMs: 1_100,
    message: 'no scrape showed an event-loop lag sample from the monitor round',
  });
  for (const name of ['', '_min', '_max', '_mean', '_stddev', '_p50', '_p90', '_p99']) {
    const value = sampleValue(families, `blvm_daemon_nodejs_eventloop_lag${name}_seconds`);
    t.true(value !== undefined && value >= 0 && value < 60, `lag${name} ${value}`);
  }
  const utilization = sampleValue(families, 'blvm_daemon_event_loop_utilization');
  t.true(utilization !== undefined && utilization > 0 && utilization < 1, `utilization ${utilization}`);
});
