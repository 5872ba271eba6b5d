// Fan-out of live inspector messages to SSE clients, with a bounded ring of recent ones so a
// reconnecting page (Last-Event-ID) or a newly opened one sees what it missed.
import { nanoid } from 'nanoid';

export interface FeedItem {
  /** `<run>.<seq>` for replayable items, null for snapshots that are never replayed. */
  id: string | null;
  event: string;
  data: string;
}

export type FeedSubscriber = (item: FeedItem) => void;

export class LiveFeed {
  /** Distinguishes ids of this daemon run from a previous one's. */
  readonly runId = nanoid(8);
  private seq = 0;
  private readonly ring: FeedItem[] = [];
  private readonly subscribers = new Set<FeedSubscriber>();

  constructor(private readonly capacity = 500) {}

  publish(event: string, payload: unknown, replayable: boolean): void {
    const item: FeedItem = { id: replayable ? `${this.runId}.${++this.seq}` : null, event, data: JSON.stringify(payload) };
    if (replayable) {
      this.ring.push(item);
      if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
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

  /** Every kept replayable item, oldest first. */
  recent(): FeedItem[] {
    return [...this.ring];
  }

  /** Items after `lastEventId`, or null when the id is from another run or older than the ring. */
  since(lastEventId: string): FeedItem[] | null {
    const [run, seqText] = lastEventId.split('.');
    const seq = Number(seqText);
    if (run !== this.runId || !Number.isInteger(seq) || seq > this.seq) return null;
    const oldest = this.ring[0] ? Number(this.ring[0].id!.split('.')[1]) : this.seq + 1;
    if (seq < oldest - 1) return null;
    return this.ring.filter((item) => Number(item.id!.split('.')[1]) > seq);
  }
}
