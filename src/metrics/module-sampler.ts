// Per-module gauges read from the runtime at scrape time: phase, restarts, CPU, RSS, uptime,
// and the metrics modules reported about themselves.
import { MODULE_PHASES } from '../../actors/module/types.js';
import type { ModuleMetrics } from '../api/metrics-registry.js';
import type { ModuleStatus } from '../supervision/status-types.js';
import type { NodeMetrics } from './node-metrics.js';

export function sampleModules(metrics: NodeMetrics, modules: ModuleStatus[]): void {
  for (const gauge of [metrics.modulePhase, metrics.moduleRestarts, metrics.moduleCpu, metrics.moduleRss, metrics.moduleUptime]) gauge.reset();
  for (const m of modules) {
    const module = m.name;
    for (const phase of MODULE_PHASES) metrics.modulePhase.set({ module, phase }, m.phase === phase ? 1 : 0);
    metrics.moduleRestarts.set({ module }, m.restarts);
    metrics.moduleUptime.set({ module }, (m.uptime_ms ?? 0) / 1000);
    if (m.resources) {
      metrics.moduleCpu.set({ module }, m.resources.cpu_percent);
      metrics.moduleRss.set({ module }, m.resources.rss_bytes);
    }
  }
}

/** Reported metrics of connected modules only: a module that went away takes its numbers along. */
export function sampleReported(metrics: NodeMetrics, reported: ModuleMetrics[]): void {
  metrics.moduleReported.reset();
  for (const entry of reported) {
    for (const [metric, value] of Object.entries(entry.metrics)) metrics.moduleReported.set({ module: entry.module, metric }, value);
  }
}
