// Holds events back from durable subscribers until the store reports them committed: an event
// is released once it is both committed and fanned out live (in publish order), whichever
// happens last. Events the store gave up are never released.
import type { BusEvent } from './bus-event.js';

export interface GatedEvent {
  event: BusEvent;
  fannedOut: boolean;
  committed: boolean;
}

export class CommitGate {
  /** Sequenced events whose commit has not been reported yet, in sequence order. */
  private readonly waiting = new Map<number, GatedEvent>();
  private committedThrough: number;

  constructor(
    committedThrough: number,
    /** Receives each released event, in sequence order. */
    private readonly release: (event: BusEvent) => void,
  ) {
    this.committedThrough = committedThrough;
  }

  /** The highest sequence number committed so far. */
  get through(): number {
    return this.committedThrough;
  }

  sequenced(seq: number, entry: GatedEvent): void {
    this.waiting.set(seq, entry);
  }

  /** The live fan-out reached the event: release it if it is committed already. */
  fannedOut(entry: GatedEvent): void {
    entry.fannedOut = true;
    if (entry.committed) this.release(entry.event);
  }

  // Numbers below the highest committed one that were not in this commit were given up.
  committed(seqs: readonly number[]): void {
    const highest = seqs[seqs.length - 1];
    for (const seq of seqs) {
      const entry = this.waiting.get(seq);
      if (entry) entry.committed = true;
    }
    for (const [seq, entry] of this.waiting) {
      if (seq > highest) break;
      this.waiting.delete(seq);
      if (entry.committed && entry.fannedOut) this.release(entry.event);
    }
    this.committedThrough = Math.max(this.committedThrough, highest);
  }

  dropped(seqs: readonly number[]): void {
    for (const seq of seqs) this.waiting.delete(seq);
  }
}
