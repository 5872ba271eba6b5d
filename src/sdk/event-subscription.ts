// One subscription as a module sees it: an async iterator of events, with acknowledgements
// coalesced into few `events.ack` requests for durable subscriptions.
import { errorText } from '../errors.js';
import type { ModuleEvent, SubscribeResult } from './api-types.js';
import { ModuleRequestError } from './module-request-error.js';

export interface SubscriptionDeps {
  request: (method: string, params: unknown) => Promise<unknown>;
  /** Called once when the subscription ends (unsubscribed or connection closed). */
  ended: (id: string) => void;
  bufferLimit: number;
  /** Called whenever a reader starts waiting for an event that has not arrived. */
  waiting?: () => void;
}

/** Acks are sent at most this often per subscription (they are cumulative). */
const ACK_DELAY_MS = 20;
const RETRY_DELAY_MS = 200;

export class EventSubscription implements AsyncIterable<ModuleEvent> {
  readonly id: string;
  readonly durable: boolean;
  readonly info: SubscribeResult;
  private readonly deps: SubscriptionDeps;
  private buffer: ModuleEvent[] = [];
  private head = 0;
  private dropped = 0;
  private readonly waiters: ((result: IteratorResult<ModuleEvent>) => void)[] = [];
  private ended = false;
  private ackWanted = 0;
  private ackConfirmed = 0;
  private acking = false;
  private ackTimer: NodeJS.Timeout | undefined;
  private readonly ackIdle: (() => void)[] = [];

  constructor(info: SubscribeResult, deps: SubscriptionDeps) {
    this.id = info.subscription;
    this.durable = info.durable;
    this.info = info;
    this.deps = deps;
    this.ackConfirmed = info.acked ?? 0;
    this.ackWanted = this.ackConfirmed;
  }

  /** Delivery from the connection. Plain subscriptions drop their oldest buffered event when full. */
  push(event: ModuleEvent): void {
    if (this.ended) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter({ value: event, done: false });
      return;
    }
    if (!this.durable && this.buffer.length - this.head >= this.deps.bufferLimit) {
      this.head++;
      this.dropped++;
    }
    this.buffer.push(event);
    this.compact();
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
  }

  /** The next event; done once the subscription or the connection has ended. */
  next(): Promise<IteratorResult<ModuleEvent>> {
    if (this.dropped > 0) {
      const missed = this.dropped;
      this.dropped = 0;
      const notice: ModuleEvent = { kind: 'event', subscription: this.id, type: 'EventsDropped', source: 'sdk', data: { missed, reason: 'module_buffer' } };
      return Promise.resolve({ value: notice, done: false });
    }
    if (this.head < this.buffer.length) {
      const value = this.buffer[this.head++];
      this.compact();
      return Promise.resolve({ value, done: false });
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    this.deps.waiting?.();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  [Symbol.asyncIterator](): AsyncIterator<ModuleEvent> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.close().catch(() => {});
        return { value: undefined, done: true };
      },
    };
  }

  /**
   * Acknowledges every event up to `seq` (durable subscriptions). Cheap to call per event: acks
   * are coalesced. Failures are reported on stderr; await acked() to know they arrived.
   */
  ack(seq: number): void {
    if (!this.durable) throw new ModuleRequestError('invalid_request', `subscription ${this.id} is not durable`, 'events.ack');
    if (seq <= this.ackWanted) return;
    this.ackWanted = seq;
    this.scheduleAck(ACK_DELAY_MS);
  }

  /** Resolves once every ack given so far was confirmed by the node. */
  acked(): Promise<void> {
    if (this.ackConfirmed >= this.ackWanted || this.ended) return Promise.resolve();
    return new Promise((resolve) => this.ackIdle.push(resolve));
  }

  /** Ends the subscription in the node; a durable cursor stays stored. */
  async close(): Promise<void> {
    if (this.ended) return;
    if (this.durable) await this.flushAcks();
    await this.deps.request('events.unsubscribe', { subscription: this.id });
    this.end();
  }

  /** The subscription is over (closed, or the connection ended): waiting readers are released. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.ackTimer);
    for (const waiter of this.waiters.splice(0)) waiter({ value: undefined, done: true });
    for (const idle of this.ackIdle.splice(0)) idle();
    this.deps.ended(this.id);
  }

  private scheduleAck(delay: number): void {
    if (this.acking || this.ackTimer || this.ended) return;
    this.ackTimer = setTimeout(() => {
      this.ackTimer = undefined;
      void this.flushAcks();
    }, delay);
  }

  private async flushAcks(): Promise<void> {
    if (this.acking || this.ackWanted <= this.ackConfirmed) return;
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    this.acking = true;
    const seq = this.ackWanted;
    let retry = false;
    try {
      await this.deps.request('events.ack', { subscription: this.id, seq });
      this.ackConfirmed = Math.max(this.ackConfirmed, seq);
    } catch (error) {
      retry = error instanceof ModuleRequestError && error.code === 'rate_limited';
      if (!retry && !this.ended) process.stderr.write(`blvm: ack of event ${seq} on ${this.id} failed: ${errorText(error)}\n`);
      if (!retry) this.ackConfirmed = Math.max(this.ackConfirmed, seq);
    } finally {
      this.acking = false;
    }
    if (this.ackWanted > this.ackConfirmed) this.scheduleAck(retry ? RETRY_DELAY_MS : ACK_DELAY_MS);
    else for (const idle of this.ackIdle.splice(0)) idle();
  }
}
