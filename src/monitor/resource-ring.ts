// The last samples of each module, in memory, for status and the inspector's sparklines.
import type { ResourceSample } from '../supervision/status-types.js';

export class ResourceRing {
  private readonly rings = new Map<string, ResourceSample[]>();

  constructor(private readonly size: number) {}

  push(module: string, sample: ResourceSample): void {
    const ring = this.rings.get(module) ?? [];
    ring.push(sample);
    if (ring.length > this.size) ring.splice(0, ring.length - this.size);
    this.rings.set(module, ring);
  }

  /** Oldest first; a copy. */
  get(module: string): ResourceSample[] {
    return [...(this.rings.get(module) ?? [])];
  }
}
