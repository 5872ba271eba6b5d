// The best chain as an array by height, for O(1) "hash at height" and "is on the best chain".
import type { IndexEntry } from './block-index.js';

export class ActiveChain {
  private chain: IndexEntry[] = [];

  get tip(): IndexEntry {
    const tip = this.chain[this.chain.length - 1];
    if (tip === undefined) throw new Error('the active chain is empty');
    return tip;
  }

  get height(): number {
    return this.chain.length - 1;
  }

  at(height: number): IndexEntry | undefined {
    return this.chain[height];
  }

  contains(entry: IndexEntry): boolean {
    return this.chain[entry.height] === entry;
  }

  /** Makes `tip` the end of the chain, replacing whatever differs below it. */
  setTip(tip: IndexEntry): void {
    this.chain.length = tip.height + 1;
    for (let e: IndexEntry | null = tip; e && this.chain[e.height] !== e; e = e.parent) this.chain[e.height] = e;
  }
}
