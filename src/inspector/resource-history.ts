// The last resource samples of each module, so a page opened now still draws a sparkline.
import type { ResourcePoint } from './wire-types.js';

export class ResourceHistory {
  private readonly points = new Map<string, ResourcePoint[]>();

  constructor(private readonly keep = 60) {}

  /** Adds samples newer than the last one kept; older or repeated samples are ignored. */
  add(module: string, samples: ResourcePoint[]): void {
    if (samples.length === 0) return;
    const list = this.points.get(module) ?? [];
    for (const sample of samples) {
      const last = list.at(-1);
      if (last && sample.at <= last.at) continue;
      list.push(sample);
    }
    if (list.length > this.keep) list.splice(0, list.length - this.keep);
    this.points.set(module, list);
  }

  /** The kept samples, oldest first; null when the module was never sampled. */
  get(module: string): ResourcePoint[] | null {
    const list = this.points.get(module);
    return list && list.length > 0 ? [...list] : null;
  }
}
