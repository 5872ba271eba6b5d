// Event bus throughput and drops. Drops are counted per subscription by the bus; the sampler
// turns their growth into a counter that survives subscriptions coming and going.
import type { SubscriptionStats } from '../bus/event-bus.js';
import type { NodeMetrics } from './node-metrics.js';

export class BusSampler {
  /** Subscription id → drops already counted. */
  private readonly counted = new Map<string, number>();

  constructor(private readonly metrics: NodeMetrics) {}

  sample(stats: SubscriptionStats[]): void {
    this.metrics.busQueued.reset();
    const live = new Set<string>();
    for (const s of stats) {
      live.add(s.subscription);
      const before = this.counted.get(s.subscription) ?? 0;
      if (s.dropped > before) this.metrics.busDropped.inc({ module: s.module }, s.dropped - before);
      this.counted.set(s.subscription, s.dropped);
      this.metrics.busQueued.inc({ module: s.module }, s.queued);
    }
    for (const id of this.counted.keys()) if (!live.has(id)) this.counted.delete(id);
  }
}
