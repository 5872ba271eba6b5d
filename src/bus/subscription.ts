// One subscription of one module instance: a bounded FIFO of deliveries. A plain subscription
// drops its oldest entries when full and tells the module how many it missed; a durable one
// never drops: when full it falls back to reading the event log from its cursor.
import { envelopeHead, eventTail, noticeEvent, type BusEvent } from './bus-event.js';
import { Deque } from './deque.js';
import { NOTICE_TYPES } from './event-types.js';
import type { TypeFilter } from './type-filter.js';

export interface DurableState {
  name: string;
  /** `live`: fed by the bus as events are published; `catchup`: fed from the event log. */
  mode: 'live' | 'catchup';
  /** The next sequence number this subscription has not looked at yet. */
  cursor: number;
  /** Everything up to here was acknowledged (and is persisted). */
  acked: number;
  lastDelivered: number;
  /** Sequence numbers delivered but not yet acknowledged, oldest first. */
  unacked: Deque<number>;
  /** Most unacknowledged deliveries at once. */
  window: number;
  /** A catch-up read is running. */
  reading: boolean;
}

export interface SubscriptionInit {
  id: string;
  module: string;
  instanceId: string;
  filter: TypeFilter;
  queueLimit: number;
  durable: DurableState | null;
}

export class Subscription {
  readonly id: string;
  readonly module: string;
  readonly instanceId: string;
  readonly filter: TypeFilter;
  readonly queueLimit: number;
  readonly durable: DurableState | null;
  /** UTF-8 start of this subscription's envelopes; each delivery's body follows it. */
  readonly head: Buffer;
  closed = false;
  delivered = 0;
  droppedTotal = 0;
  private readonly queue = new Deque<BusEvent>();
  /** Dropped since the last `EventsDropped` notice. */
  private missed = 0;

  constructor(init: SubscriptionInit) {
    this.id = init.id;
    this.module = init.module;
    this.instanceId = init.instanceId;
    this.filter = init.filter;
    this.queueLimit = init.queueLimit;
    this.durable = init.durable;
    this.head = envelopeHead(init.id);
  }

  get queued(): number {
    return this.queue.length;
  }

  /** A live event from the bus, in sequence order. Returns true when something was queued. */
  offer(event: BusEvent): boolean {
    if (this.durable) return this.offerDurable(this.durable, event);
    if (!this.filter.matches(event.type)) return false;
    if (this.queue.length >= this.queueLimit) {
      this.queue.shift();
      this.missed++;
      this.droppedTotal++;
    }
    this.queue.push(event);
    return true;
  }

  /** Snapshot events, notices and catch-up reads: queued as given, never dropped. */
  enqueue(event: BusEvent): void {
    this.queue.push(event);
  }

  /** Something can be sent now (the durable window may hold events back). */
  hasDeliverable(): boolean {
    if (this.missed > 0) return true;
    const head = this.queue.peek();
    if (!head) return false;
    return !this.durable || head.seq === null || this.durable.unacked.length < this.durable.window;
  }

  /** Envelope bytes of the next delivery after `head` (shared with other subscribers), or null when nothing can be sent now. */
  next(): Buffer | null {
    if (this.missed > 0) {
      const missed = this.missed;
      this.missed = 0;
      return eventTail(noticeEvent(NOTICE_TYPES.dropped, { missed, reason: 'queue_overflow' }));
    }
    if (!this.hasDeliverable()) return null;
    const head = this.queue.shift() as BusEvent;
    if (this.durable && head.seq !== null) {
      this.durable.unacked.push(head.seq);
      this.durable.lastDelivered = head.seq;
    }
    this.delivered++;
    return eventTail(head);
  }

  /** Records a cumulative acknowledgement; returns false when nothing new was acknowledged. */
  ack(seq: number): boolean {
    const d = this.durable;
    if (!d || seq <= d.acked) return false;
    d.acked = seq;
    while (d.unacked.length > 0 && (d.unacked.peek() as number) <= seq) d.unacked.shift();
    return true;
  }

  // Live events below the cursor were already read from the log; a full queue hands over to the log.
  private offerDurable(d: DurableState, event: BusEvent): boolean {
    if (d.mode === 'catchup' || event.seq === null || event.seq < d.cursor) return false;
    if (this.filter.matches(event.type) && this.queue.length >= this.queueLimit) {
      d.mode = 'catchup';
      return false;
    }
    d.cursor = event.seq + 1;
    if (!this.filter.matches(event.type)) return false;
    this.queue.push(event);
    return true;
  }
}
