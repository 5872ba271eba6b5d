// The in-memory header index of the chain store: every known header with its height,
// cumulative work, status and whether its block (and every ancestor's block) is stored.
// Validation contexts, fork points and the most-work candidate are computed from it.
import { workFromBits } from './compact-target.js';
import { fromDisplayHex } from './hash.js';
import type { ParentContext } from './header-rules.js';
import type { NetworkParams } from './params.js';

export type HeaderStatus = 'valid' | 'invalidated';

export interface IndexEntry {
  /** Display hash. */
  readonly hash: string;
  readonly parent: IndexEntry | null;
  readonly height: number;
  /** Cumulative work through this header. */
  readonly chainwork: bigint;
  readonly time: number;
  readonly bits: number;
  /** Time of the first header of this header's difficulty period. */
  readonly periodStartTime: number;
  /** Bits of this header or its latest ancestor that starts a period or is not at the pow limit. */
  readonly lastNonMinBits: number;
  /** Order of arrival (the row id): the earlier of two equal-work chains wins. */
  readonly seq: number;
  readonly children: IndexEntry[];
  status: HeaderStatus;
  hasBlock: boolean;
  txCount: number | null;
  /** This block and every ancestor's block are stored: it can be connected. */
  haveChain: boolean;
}

export interface NewEntry {
  hash: string;
  /** Display hash of the parent; null only for the genesis. */
  prev: string | null;
  time: number;
  bits: number;
  seq: number;
  status?: HeaderStatus;
  hasBlock?: boolean;
  txCount?: number | null;
}

export class BlockIndex {
  private readonly entries = new Map<string, IndexEntry>();
  private blockCount = 0;

  constructor(readonly params: NetworkParams) {}

  get size(): number {
    return this.entries.size;
  }

  get blocks(): number {
    return this.blockCount;
  }

  get(hash: string): IndexEntry | undefined {
    return this.entries.get(hash);
  }

  values(): IterableIterator<IndexEntry> {
    return this.entries.values();
  }

  /** Adds a header whose parent is already indexed; it inherits an invalidated parent's status. */
  add(n: NewEntry): IndexEntry {
    const parent = n.prev === null ? null : this.entries.get(n.prev);
    if (parent === undefined) throw new Error(`parent ${n.prev} of ${n.hash} is not indexed`);
    const height = parent ? parent.height + 1 : 0;
    const periodStart = height % this.params.retargetInterval === 0;
    const entry: IndexEntry = {
      hash: n.hash,
      parent,
      height,
      chainwork: (parent?.chainwork ?? 0n) + workFromBits(n.bits),
      time: n.time,
      bits: n.bits,
      periodStartTime: periodStart || !parent ? n.time : parent.periodStartTime,
      lastNonMinBits: periodStart || !parent || n.bits !== this.params.powLimitBits ? n.bits : parent.lastNonMinBits,
      seq: n.seq,
      children: [],
      status: parent?.status === 'invalidated' ? 'invalidated' : (n.status ?? 'valid'),
      hasBlock: false,
      txCount: n.txCount ?? null,
      haveChain: false,
    };
    this.entries.set(entry.hash, entry);
    parent?.children.push(entry);
    if (n.hasBlock) this.markBlock(entry, entry.txCount ?? 0);
    return entry;
  }

  /** Records that `entry`'s block is stored; returns the entries that became connectable. */
  markBlock(entry: IndexEntry, txCount: number): IndexEntry[] {
    if (!entry.hasBlock) this.blockCount++;
    entry.hasBlock = true;
    entry.txCount = txCount;
    if (entry.haveChain || (entry.parent !== null && !entry.parent.haveChain)) return [];
    const connectable: IndexEntry[] = [];
    const stack = [entry];
    while (stack.length > 0) {
      const e = stack.pop() as IndexEntry;
      e.haveChain = true;
      connectable.push(e);
      for (const child of e.children) if (child.hasBlock) stack.push(child);
    }
    return connectable;
  }

  /** What a header extending `parent` is validated against (null: the header must be the genesis). */
  parentContext(parent: IndexEntry | null): ParentContext {
    if (parent === null) return { height: -1, recentTimes: [], chainwork: 0n };
    return {
      height: parent.height,
      hash: fromDisplayHex(parent.hash),
      bits: parent.bits,
      time: parent.time,
      recentTimes: this.recentTimes(parent),
      periodStartTime: parent.periodStartTime,
      lastNonMinBits: parent.lastNonMinBits,
      chainwork: parent.chainwork,
    };
  }

  /** Median of the times of `entry` and up to 10 ancestors. */
  medianTimePast(entry: IndexEntry): number {
    const times = this.recentTimes(entry).sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  }

  /** `entry` and all its descendants, parents before children. */
  subtree(entry: IndexEntry): IndexEntry[] {
    const out: IndexEntry[] = [];
    const stack = [entry];
    while (stack.length > 0) {
      const e = stack.pop() as IndexEntry;
      out.push(e);
      stack.push(...e.children);
    }
    return out;
  }

  /** The last common ancestor of two indexed headers. */
  fork(a: IndexEntry, b: IndexEntry): IndexEntry {
    let x: IndexEntry | null = a;
    let y: IndexEntry | null = b;
    while (x && y && x.height > y.height) x = x.parent;
    while (x && y && y.height > x.height) y = y.parent;
    while (x && y && x !== y) {
      x = x.parent;
      y = y.parent;
    }
    if (!x || x !== y) throw new Error(`${a.hash} and ${b.hash} share no ancestor`);
    return x;
  }

  /** The valid, connectable entry with the most work; `current` wins ties. */
  bestCandidate(current: IndexEntry | null): IndexEntry | null {
    let best: IndexEntry | null = current && isCandidate(current) ? current : null;
    for (const e of this.entries.values()) {
      if (!isCandidate(e) || e === best) continue;
      if (best === null || (best === current ? e.chainwork > best.chainwork : moreWork(e, best))) best = e;
    }
    return best;
  }

  /** The valid header with the most work, whether or not its blocks are stored. */
  bestHeader(): IndexEntry | null {
    let best: IndexEntry | null = null;
    for (const e of this.entries.values()) {
      if (e.status === 'valid' && (best === null || moreWork(e, best))) best = e;
    }
    return best;
  }

  private recentTimes(entry: IndexEntry): number[] {
    const times: number[] = [];
    for (let e: IndexEntry | null = entry; e && times.length < this.params.medianTimeSpan; e = e.parent) times.unshift(e.time);
    return times;
  }
}

export function isCandidate(e: IndexEntry): boolean {
  return e.status === 'valid' && e.haveChain;
}

/** More cumulative work, or as much and seen earlier. */
export function moreWork(a: IndexEntry, b: IndexEntry): boolean {
  return a.chainwork > b.chainwork || (a.chainwork === b.chainwork && a.seq < b.seq);
}
