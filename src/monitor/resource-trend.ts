// The down-sampled resource history kept in the store: one point per bucket (a minute by
// default) with mean and peak CPU and RSS, the newest `keep` points per module, stored under
// the meta key `resources:<module>` so it survives daemon restarts.
import type { Store } from '../store/index.js';
import type { ResourceSample } from '../supervision/status-types.js';

export interface TrendPoint {
  /** Start of the bucket, epoch ms. */
  at: number;
  cpu_avg: number;
  cpu_max: number;
  rss_avg: number;
  rss_max: number;
  samples: number;
}

interface Bucket {
  at: number;
  cpuSum: number;
  cpuMax: number;
  rssSum: number;
  rssMax: number;
  samples: number;
}

export const trendKey = (module: string): string => `resources:${module}`;

/** The stored trend of a module, oldest first (for the inspector). */
export async function readResourceTrend(store: Pick<Store, 'getMeta'>, module: string): Promise<TrendPoint[]> {
  const points = await store.getMeta<TrendPoint[]>(trendKey(module));
  return Array.isArray(points) ? points : [];
}

function toPoint(b: Bucket): TrendPoint {
  return {
    at: b.at,
    cpu_avg: Math.round((b.cpuSum / b.samples) * 10) / 10,
    cpu_max: b.cpuMax,
    rss_avg: Math.round(b.rssSum / b.samples),
    rss_max: b.rssMax,
    samples: b.samples,
  };
}

export class ResourceTrend {
  private readonly buckets = new Map<string, Bucket>();
  private readonly points = new Map<string, TrendPoint[]>();
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<Store, 'getMeta' | 'setMeta'>,
    private readonly bucketMs: number,
    private readonly keep: number,
  ) {}

  add(module: string, sample: ResourceSample): void {
    const start = sample.at - (sample.at % this.bucketMs);
    const bucket = this.buckets.get(module);
    if (bucket && bucket.at !== start) this.close(module);
    const b = this.buckets.get(module) ?? { at: start, cpuSum: 0, cpuMax: 0, rssSum: 0, rssMax: 0, samples: 0 };
    b.cpuSum += sample.cpu_percent;
    b.cpuMax = Math.max(b.cpuMax, sample.cpu_percent);
    b.rssSum += sample.rss_bytes;
    b.rssMax = Math.max(b.rssMax, sample.rss_bytes);
    b.samples += 1;
    this.buckets.set(module, b);
  }

  /** Stores every open bucket and waits for every pending write (at stop). */
  async flush(): Promise<void> {
    for (const module of [...this.buckets.keys()]) this.close(module);
    await this.writes;
  }

  /** Writes run one after another, so a module's first write (which reads the stored points) cannot race the next. */
  private close(module: string): void {
    const bucket = this.buckets.get(module);
    if (!bucket) return;
    this.buckets.delete(module);
    this.writes = this.writes.then(async () => {
      const known = this.points.get(module) ?? (await readResourceTrend(this.store, module).catch(() => []));
      const points = [...known.filter((p) => p.at !== bucket.at), toPoint(bucket)].slice(-this.keep);
      this.points.set(module, points);
      this.store.setMeta(trendKey(module), points);
    }).catch(() => {});
  }
}
