// Fan-out of live inspector messages to SSE clients, with bounded rings of recent ones so a
// reconnecting page (Last-Event-ID) or a newly opened one sees what it missed. Module
// lifecycle items and high-volume activity (chain blocks, module events) have separate rings:
// a flood of blocks never pushes a crash out of the resume buffer.
import { nanoid } from 'nanoid';

export type FeedStream = 'lifecycle' | 'activity';

export interface FeedItem {
  /** `<run>.<seq>` for replayable items, null for snapshots that are never replayed. */
  id: string | null;
  event: string;
  data: string;
}

export type FeedSubscriber = (item: FeedItem) => void;

interface Ring {
  items: { seq: number; item: FeedItem }[];
  capacity: number;
  /** Highest sequence number that fell out of this ring. */
  evicted: number;
}

export interface FeedCapacity {
  lifecycle: number;
  activity: number;
}

export class LiveFeed {
  /** Distinguishes ids of this daemon run from a previous one's. */
  readonly runId = nanoid(8);
  private seq = 0;
  private readonly rings: Record<FeedStream, Ring>;
  private readonly subscribers = new Set<FeedSubscriber>();

  constructor(capacity: number | FeedCapacity = 500) {
    const caps = typeof capacity === 'number' ? { lifecycle: capacity, activity: capacity } : capacity;
    this.rings = {
      lifecycle: { items: [], capacity: caps.lifecycle, evicted: 0 },
      activity: { items: [], capacity: caps.activity, evicted: 0 },
    };
  }

  publish(event: string, payload: unknown, replayable: boolean, stream: FeedStream = 'lifecycle'): void {
    const seq = replayable ? ++this.seq : 0;
    const item: FeedItem = { id: replayable ? `${this.runId}.${seq}` : null, event, data: JSON.stringify(payload) };
    if (replayable) {
      const ring = this.rings[stream];
      ring.items.push({ seq, item });
      if (ring.items.length > ring.capacity) {
        const gone = ring.items.splice(0, ring.items.length - ring.capacity);
        ring.evicted = gone.at(-1)!.seq;
      }
    }
    for (const subscriber of this.subscribers) subscriber(item);
  }

  subscribe(subscriber: FeedSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Every kept replayable item of both streams, oldest first. */
  recent(): FeedItem[] {
    return this.after(0);
  }

  /**
   * Items after `lastEventId`, or null (resync) when the id is from another run, from the future,
   * or lifecycle items after it are gone. Lost activity items do not force a resync.
   */
  since(lastEventId: string): FeedItem[] | null {
    const [run, seqText] = lastEventId.split('.');
    const seq = Number(seqText);
    if (run !== this.runId || !Number.isInteger(seq) || seq > this.seq) return null;
    if (this.rings.lifecycle.evicted > seq) return null;
    return this.after(seq);
  }

  private after(seq: number): FeedItem[] {
    const merged = [...this.rings.lifecycle.items, ...this.rings.activity.items].filter((e) => e.seq > seq);
    return merged.sort((a, b) => a.seq - b.seq).map((e) => e.item);
  }
}
