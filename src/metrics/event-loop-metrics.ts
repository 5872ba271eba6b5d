// The daemon's event-loop families, fed without a timer of their own: the lag gauges keep the
// names of prom-client's eventLoopLag collector (which wakes the loop on a timer to probe it)
// but take their samples from how late the monitor's existing 1 s timer fires
// (timer-lateness.ts); the utilization is Node's exact busy share of the loop between scrapes.
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { Registry } from 'prom-client';
import { Gauge } from './prom-parts.js';
import type { LatenessFigures, TimerLateness } from './timer-lateness.js';

const LAG_FAMILIES: { name: string; help: string; pick: (f: LatenessFigures) => number }[] = [
  { name: 'nodejs_eventloop_lag_seconds', help: 'How late the last sampled timer fired (the monitor round, once a second), in seconds.', pick: (f) => f.last },
  { name: 'nodejs_eventloop_lag_min_seconds', help: 'The least lateness of the sampled timer since the previous scrape.', pick: (f) => f.min },
  { name: 'nodejs_eventloop_lag_max_seconds', help: 'The greatest lateness of the sampled timer since the previous scrape.', pick: (f) => f.max },
  { name: 'nodejs_eventloop_lag_mean_seconds', help: 'The mean lateness of the sampled timer since the previous scrape.', pick: (f) => f.mean },
  { name: 'nodejs_eventloop_lag_stddev_seconds', help: 'The standard deviation of the sampled timer lateness since the previous scrape.', pick: (f) => f.stddev },
  { name: 'nodejs_eventloop_lag_p50_seconds', help: 'The median lateness of the sampled timer since the previous scrape.', pick: (f) => f.p50 },
  { name: 'nodejs_eventloop_lag_p90_seconds', help: 'The 90th percentile of the sampled timer lateness since the previous scrape.', pick: (f) => f.p90 },
  { name: 'nodejs_eventloop_lag_p99_seconds', help: 'The 99th percentile of the sampled timer lateness since the previous scrape.', pick: (f) => f.p99 },
];

/** Registers the lag families (read from `lateness` at each scrape) and the loop utilization. */
export function registerEventLoopMetrics(registry: Registry, prefix: string, lateness: TimerLateness): void {
  const registers = [registry];
  // One read per scrape, made by the first family's collect, sets them all (as prom-client's collector did).
  const setAll = () => {
    const figures = lateness.read();
    for (const { gauge, pick } of gauges) gauge.set(pick(figures));
  };
  const gauges = LAG_FAMILIES.map((f, i) => ({ pick: f.pick, gauge: new Gauge({ name: prefix + f.name, help: f.help, registers, ...(i === 0 ? { collect: setAll } : {}) }) }));
  let since: EventLoopUtilization = performance.eventLoopUtilization();
  new Gauge({
    name: `${prefix}event_loop_utilization`,
    help: 'Share of the time since the previous scrape (or the start) the event loop was busy, 0 to 1',
    registers,
    collect() {
      const now = performance.eventLoopUtilization();
      this.set(performance.eventLoopUtilization(now, since).utilization);
      since = now;
    },
  });
}
