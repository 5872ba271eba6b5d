// Prometheus metrics as a daemon service: /metrics in the text format on [metrics] listen, fed
// by the runtime (module statuses), node events (crashes, quarantines, chain tip), the module
// API router (requests, errors, latency), the event bus and the store's commits.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ModuleMetrics } from '../api/metrics-registry.js';
import type { EventBus } from '../bus/event-bus.js';
import { parseHostPort } from '../config/listen.js';
import { runCleanups, type Cleanup } from '../daemon/cleanups.js';
import type { DaemonContext, DaemonService } from '../daemon/services.js';
import { errorText } from '../errors.js';
import { BusSampler } from './bus-sampler.js';
import { sampleModules, sampleReported } from './module-sampler.js';
import type { NodeMetrics } from './node-metrics.js';

/** What other services provide; each may be absent (not started, or failed to start). */
export interface MetricSources {
  bus(): EventBus | null;
  reported(): ModuleMetrics[];
  chainHeight(): number | null;
}

/** What `getmetricsinfo` answers. */
export interface MetricsInfo {
  enabled: boolean;
  listening: boolean;
  url: string | null;
  listen: string;
  problem?: string;
}

export function createMetricsService(sources: MetricSources): DaemonService {
  const cleanups: Cleanup[] = [];
  let info: MetricsInfo | null = null;
  return {
    name: 'metrics',
    async start(ctx: DaemonContext) {
      const { enabled, listen } = ctx.config.metrics;
      info = { enabled, listening: false, url: null, listen };
      ctx.control.register('getmetricsinfo', async () => info);
      if (!enabled) return;
      const log = ctx.log.child({ component: 'metrics' });
      try {
        // prom-client and the HTTP server (node:http) are loaded only by a node that serves metrics.
        const { createNodeMetrics } = await import('./node-metrics.js');
        const { listenHttp } = await import('../inspector/http/http-server.js');
        const metrics = createNodeMetrics();
        cleanups.push(...feed(ctx, metrics, sources));
        const { host, port } = parseHostPort(listen);
        const bus = new BusSampler(metrics);
        const scrape = async (): Promise<string> => {
          sampleModules(metrics, ctx.runtime.listModules());
          sampleReported(metrics, sources.reported());
          const busNow = sources.bus();
          if (busNow) bus.sample(busNow.stats());
          const height = sources.chainHeight();
          if (height !== null) metrics.chainHeight.set(height);
          return metrics.registry.metrics();
        };
        const server = await listenHttp(host, port, (req, res) => void serve(req, res, scrape, metrics, log), { name: 'metrics endpoint', section: 'metrics' });
        cleanups.push(() => server.close());
        info = { ...info, listening: true, url: `${server.url}metrics` };
        log.info(`prometheus metrics at ${server.url}metrics`);
      } catch (error) {
        info = { ...info, problem: errorText(error) };
        log.error('the metrics endpoint is not available; the node runs without it', { reason: errorText(error) });
        await runCleanups(cleanups);
      }
    },
    async stop() {
      await runCleanups(cleanups);
    },
  };
}

// Counters and histograms fed as things happen; returns the unsubscribers.
function feed(ctx: DaemonContext, metrics: NodeMetrics, sources: MetricSources): (() => void)[] {
  const off: (() => void)[] = [];
  off.push(
    ctx.events.listen((type, payload) => {
      const module = typeof payload.module_name === 'string' ? payload.module_name : 'unknown';
      if (type === 'ModuleCrashed') metrics.moduleCrashes.inc({ module, reason: String(payload.reason ?? 'crashed') });
      if (type === 'ModuleQuarantined') metrics.moduleQuarantines.inc({ module });
      if ((type === 'NewBlock' || type === 'BlockDisconnected') && typeof payload.height === 'number') {
        metrics.chainHeight.set(type === 'NewBlock' ? payload.height : payload.height - 1);
      }
    }),
  );
  const api = ctx.api.observe?.(({ module, method, ms, error }) => {
    metrics.ipcRequests.inc({ module, method });
    metrics.ipcLatency.observe({ module, method }, ms / 1000);
    if (error !== null) metrics.ipcErrors.inc({ module, method, code: error });
  });
  if (api) off.push(api);
  const store = ctx.store.onCommit?.((ms, rows) => {
    metrics.storeWrite.observe(ms / 1000);
    metrics.storeRows.inc(rows);
  });
  if (store) off.push(store);
  const bus = sources.bus();
  if (bus) off.push(bus.observe((event) => metrics.busEvents.inc({ source: event.source === 'node' ? 'node' : 'module' })));
  return off;
}

async function serve(req: IncomingMessage, res: ServerResponse, scrape: () => Promise<string>, metrics: NodeMetrics, log: DaemonContext['log']): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://metrics.invalid').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'text/plain', `${req.method} is not allowed: GET /metrics\n`);
  if (path !== '/metrics') return reply(res, 404, 'text/plain', `nothing at ${path}: the metrics are at /metrics\n`);
  try {
    reply(res, 200, metrics.registry.contentType, await scrape());
  } catch (error) {
    log.warn('metrics scrape failed', { reason: errorText(error) });
    reply(res, 500, 'text/plain', `metrics scrape failed: ${errorText(error)}\n`);
  }
}

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
