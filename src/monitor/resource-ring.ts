// The last samples of each module, in memory, for status and the inspector's sparklines. Each
// module's ring is three fixed arrays written in a circle, so a round adds no objects.
import type { ResourceSample } from '../supervision/status-types.js';

interface Ring {
  at: Float64Array;
  cpu: Float64Array;
  rss: Float64Array;
  /** Slot the next sample goes to. */
  next: number;
  count: number;
}

export class ResourceRing {
  private readonly rings = new Map<string, Ring>();

  constructor(private readonly size: number) {}

  push(module: string, sample: ResourceSample): void {
    let ring = this.rings.get(module);
    if (!ring) {
      ring = { at: new Float64Array(this.size), cpu: new Float64Array(this.size), rss: new Float64Array(this.size), next: 0, count: 0 };
      this.rings.set(module, ring);
    }
    ring.at[ring.next] = sample.at;
    ring.cpu[ring.next] = sample.cpu_percent;
    ring.rss[ring.next] = sample.rss_bytes;
    ring.next = (ring.next + 1) % this.size;
    ring.count = Math.min(ring.count + 1, this.size);
  }

  /** Oldest first; a copy. */
  get(module: string): ResourceSample[] {
    const ring = this.rings.get(module);
    if (!ring) return [];
    const samples: ResourceSample[] = [];
    for (let i = 0; i < ring.count; i++) {
      const slot = (ring.next - ring.count + i + this.size) % this.size;
      samples.push({ at: ring.at[slot], cpu_percent: ring.cpu[slot], rss_bytes: ring.rss[slot] });
    }
    return samples;
  }
}
