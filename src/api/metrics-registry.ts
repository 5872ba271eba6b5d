// Metrics modules report about themselves (`metrics.report`), kept while they are connected.
import { apiError } from '../ipc/api-errors.js';
import { optionalString, paramsOf } from './params.js';

const METRIC_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;
const MAX_METRICS = 100;

export interface ModuleMetrics {
  module: string;
  instance_id: string;
  /** Epoch ms of the last report. */
  at: number;
  metrics: Record<string, number>;
}

export class MetricsRegistry {
  private readonly byModule = new Map<string, ModuleMetrics>();

  /** Merges a report into what the instance reported before. */
  report(module: string, instanceId: string, metrics: Record<string, number>): number {
    const prev = this.byModule.get(module);
    const merged = { ...(prev?.instance_id === instanceId ? prev.metrics : {}), ...metrics };
    if (Object.keys(merged).length > MAX_METRICS) {
      throw apiError('invalid_request', `metrics.report: at most ${MAX_METRICS} distinct metrics per module`);
    }
    this.byModule.set(module, { module, instance_id: instanceId, at: Date.now(), metrics: merged });
    return Object.keys(merged).length;
  }

  read(module?: string): ModuleMetrics[] {
    const all = [...this.byModule.values()].sort((a, b) => a.module.localeCompare(b.module));
    return module === undefined ? all : all.filter((m) => m.module === module);
  }

  forget(instanceId: string): void {
    for (const [module, entry] of this.byModule) if (entry.instance_id === instanceId) this.byModule.delete(module);
  }
}

/** `{metrics: {name: number, ...}}`: names of letters, digits and `_ . : -`; finite numbers. */
export function readMetricsReport(params: unknown): Record<string, number> {
  const p = paramsOf('metrics.report', params, ['metrics']);
  const metrics = p.metrics;
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics) || Object.keys(metrics).length === 0) {
    throw apiError('invalid_request', `metrics.report: "metrics" must be a non-empty object of name → number, got ${JSON.stringify(metrics)}`);
  }
  for (const [name, value] of Object.entries(metrics)) {
    if (!METRIC_NAME.test(name)) throw apiError('invalid_request', `metrics.report: metric name "${name}" is invalid (letters, digits, "_", ".", ":", "-"; at most 100)`);
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw apiError('invalid_request', `metrics.report: metric "${name}" must be a finite number, got ${JSON.stringify(value)}`);
    }
  }
  return metrics as Record<string, number>;
}

export function readMetricsQuery(params: unknown): string | undefined {
  return optionalString('metrics.read', paramsOf('metrics.read', params, ['module']), 'module');
}
