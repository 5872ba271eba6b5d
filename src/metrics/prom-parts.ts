// The parts of prom-client the daemon uses, imported file by file. Its index also loads the
// push gateway client (node:http, node:https and so TLS, node:zlib), the cluster aggregator
// (node:cluster) and the summary's t-digest, none of which a node serving /metrics needs; left
// out, the daemon holds less code (docs/benchmarks.md, "Idle daemon", fifth pass).
import type { Registry as PromRegistry } from 'prom-client';
import Registry from 'prom-client/lib/registry.js';
import Counter from 'prom-client/lib/counter.js';
import Gauge from 'prom-client/lib/gauge.js';
import Histogram from 'prom-client/lib/histogram.js';
import processCpuTotal from 'prom-client/lib/metrics/processCpuTotal.js';
import processStartTime from 'prom-client/lib/metrics/processStartTime.js';
import osMemoryHeap from 'prom-client/lib/metrics/osMemoryHeap.js';
import processOpenFileDescriptors from 'prom-client/lib/metrics/processOpenFileDescriptors.js';
import processMaxFileDescriptors from 'prom-client/lib/metrics/processMaxFileDescriptors.js';
import processResources from 'prom-client/lib/metrics/processResources.js';
import processHandles from 'prom-client/lib/metrics/processHandles.js';
import processRequests from 'prom-client/lib/metrics/processRequests.js';
import heapSizeAndUsed from 'prom-client/lib/metrics/heapSizeAndUsed.js';
import heapSpacesSizeAndUsed from 'prom-client/lib/metrics/heapSpacesSizeAndUsed.js';
import version from 'prom-client/lib/metrics/version.js';
import gc from 'prom-client/lib/metrics/gc.js';

/**
 * prom-client's default collectors (its `collectDefaultMetrics`) except eventLoopLag, whose probe
 * timer wakes an idle daemon several times a second; event-loop-metrics.ts replaces it.
 */
const DEFAULT_COLLECTORS = [
  processCpuTotal, processStartTime, osMemoryHeap, processOpenFileDescriptors, processMaxFileDescriptors, processResources,
  processHandles, processRequests, heapSizeAndUsed, heapSpacesSizeAndUsed, version, gc,
];

/** Registers the default collectors above into `registry`, their names prefixed. */
export function collectDefaultsWithoutLagProbe(registry: PromRegistry, prefix: string): void {
  for (const collector of DEFAULT_COLLECTORS) collector(registry, { prefix });
}

export { Registry, Counter, Gauge, Histogram };
