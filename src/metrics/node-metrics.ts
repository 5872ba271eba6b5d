// The metric families of /metrics (prom-client), in one registry per daemon run. Counters and
// histograms are fed as things happen; per-module gauges are read from the runtime at scrape.
import { registerEventLoopMetrics } from './event-loop-metrics.js';
import { Counter, Gauge, Histogram, Registry, collectDefaultsWithoutLagProbe } from './prom-parts.js';
import { daemonTimerLateness, type TimerLateness } from './timer-lateness.js';

/** Seconds; IPC requests are mostly sub-millisecond, some chain reads take seconds. */
const IPC_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds; a batched store commit is a few ms, a slow disk makes it hundreds. */
const STORE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

const DAEMON_PREFIX = 'blvm_daemon_';

/** `lateness`: where the event-loop lag families read their samples (the daemon's monitor timer by default). */
export function createNodeMetrics(lateness: TimerLateness = daemonTimerLateness) {
  const registry = new Registry();
  collectDefaultsWithoutLagProbe(registry, DAEMON_PREFIX);
  registerEventLoopMetrics(registry, DAEMON_PREFIX, lateness);
  const registers = [registry];
  return {
    registry,
    modulePhase: new Gauge({ name: 'blvm_module_phase', help: 'Current phase of each module: 1 for the phase it is in, 0 for the others', labelNames: ['module', 'phase'], registers }),
    moduleRestarts: new Gauge({ name: 'blvm_module_restarts', help: 'Restarts counted by the supervisor (as blvm status shows them; a release resets it)', labelNames: ['module'], registers }),
    moduleCrashes: new Counter({ name: 'blvm_module_crashes_total', help: 'Module crashes seen by this daemon run, by exit reason', labelNames: ['module', 'reason'], registers }),
    moduleQuarantines: new Counter({ name: 'blvm_module_quarantines_total', help: 'Times a module was quarantined during this daemon run', labelNames: ['module'], registers }),
    moduleCpu: new Gauge({ name: 'blvm_module_cpu_percent', help: 'CPU of the module process group in percent of one core (last sample)', labelNames: ['module'], registers }),
    moduleRss: new Gauge({ name: 'blvm_module_rss_bytes', help: 'Resident memory of the module process group in bytes (last sample)', labelNames: ['module'], registers }),
    moduleUptime: new Gauge({ name: 'blvm_module_uptime_seconds', help: 'Seconds the running instance of the module has been up; 0 when it is not running', labelNames: ['module'], registers }),
    ipcRequests: new Counter({ name: 'blvm_ipc_requests_total', help: 'Module API requests handled, by module and method', labelNames: ['module', 'method'], registers }),
    ipcErrors: new Counter({ name: 'blvm_ipc_request_errors_total', help: 'Module API requests answered with an error, by module, method and error code', labelNames: ['module', 'method', 'code'], registers }),
    ipcLatency: new Histogram({ name: 'blvm_ipc_request_duration_seconds', help: 'Time the node took to answer a module API request', labelNames: ['module', 'method'], buckets: IPC_BUCKETS, registers }),
    busEvents: new Counter({ name: 'blvm_bus_events_total', help: 'Events fanned out by the event bus, by source kind (node or module)', labelNames: ['source'], registers }),
    busDropped: new Counter({ name: 'blvm_bus_events_dropped_total', help: 'Events dropped from full live subscription queues, by subscribing module', labelNames: ['module'], registers }),
    busQueued: new Gauge({ name: 'blvm_bus_queued_events', help: 'Events waiting in subscription queues, by subscribing module', labelNames: ['module'], registers }),
    storeWrite: new Histogram({ name: 'blvm_store_write_duration_seconds', help: 'Duration of one batched store commit', buckets: STORE_BUCKETS, registers }),
    storeRows: new Counter({ name: 'blvm_store_rows_written_total', help: 'Rows written to the node store', registers }),
    chainHeight: new Gauge({ name: 'blvm_chain_height', help: 'Height of the active chain tip', registers }),
    moduleReported: new Gauge({ name: 'blvm_module_reported', help: 'Metrics a module reported about itself (SDK reportMetrics), by module and metric name', labelNames: ['module', 'metric'], registers }),
  };
}

export type NodeMetrics = ReturnType<typeof createNodeMetrics>;
