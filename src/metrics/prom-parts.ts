// The parts of prom-client the daemon uses, imported file by file. Its index also loads the
// push gateway client (node:http, node:https and so TLS, node:zlib), the cluster aggregator
// (node:cluster) and the summary's t-digest, none of which a node serving /metrics needs; left
// out, the daemon holds less code (docs/benchmarks.md, "Idle daemon", fifth pass).
import Registry from 'prom-client/lib/registry.js';
import Counter from 'prom-client/lib/counter.js';
import Gauge from 'prom-client/lib/gauge.js';
import Histogram from 'prom-client/lib/histogram.js';
import collectDefaultMetrics from 'prom-client/lib/defaultMetrics.js';

export { Registry, Counter, Gauge, Histogram, collectDefaultMetrics };
