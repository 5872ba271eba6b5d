// Delivery to one module instance: drains its subscriptions round-robin into corked batches,
// at most one batch (one write) per turn of the event loop, and stops while the socket has a
// backlog, so a module that does not read costs the publisher nothing but its bounded queues.
// Each event's envelope bytes are encoded once and copied into every subscriber's batch; the
// outboxes with something to send are flushed together, in one `setImmediate` per turn (or,
// while a publisher stays busy, once per `[ipc] event_linger`).
import type { Logger } from '../log/logger.js';
import type { Subscription } from './subscription.js';

export interface OutboxSocket {
  /** Sends frames whose payloads are `heads[i]` followed by `bodies[i]` (UTF-8 JSON), in one batch; the arrays are reused after the call. */
  sendSplit(instanceId: string, heads: readonly Buffer[], bodies: readonly Buffer[]): boolean;
  backlog(instanceId: string): number | null;
  readonly maxFrame: number;
}

/** Unsent bytes on the socket above which delivery waits for it to drain. */
export const HIGH_WATER_BYTES = 256 * 1024;
const BATCH_BYTES = 256 * 1024;
const BATCH_FRAMES = 2048;

/**
 * Runs the flushes of every outbox that has something to send together, in a `setImmediate`
 * after the publishes of a turn. While events keep arriving (more since the last look), the
 * flush waits one more turn, up to `lingerMs` after it was armed: a busy publisher's events
 * then reach each subscriber in one bigger write instead of one per turn, and each subscriber
 * is woken (a read, a pass of its event loop: most of what a delivery costs it) that much less
 * often. A lone event goes out at the end of its turn, as with `lingerMs` 0.
 */
export class FlushScheduler {
  private ready: Outbox[] = [];
  private armed = false;
  private firstAt = 0;
  private activity = 0;
  private seen = 0;

  constructor(
    private readonly lingerMs = 0,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** An event is being handed to the outboxes (called before it is offered). */
  touch(): void {
    this.activity++;
  }

  add(outbox: Outbox): void {
    this.ready.push(outbox);
    if (this.armed) return;
    this.armed = true;
    this.seen = this.activity;
    if (this.lingerMs > 0) this.firstAt = this.now();
    setImmediate(this.check);
  }

  private readonly check = (): void => {
    if (this.lingerMs > 0 && this.activity !== this.seen && this.now() - this.firstAt < this.lingerMs) {
      this.seen = this.activity;
      setImmediate(this.check);
      return;
    }
    this.run();
  };

  private run(): void {
    this.armed = false;
    const ready = this.ready;
    this.ready = [];
    for (const outbox of ready) outbox.flush();
  }
}

// The frames of one batch, refilled by each flush: the socket copies them before sendSplit returns.
const batchHeads: Buffer[] = [];
const batchBodies: Buffer[] = [];

export class Outbox {
  readonly subs = new Set<Subscription>();
  private scheduled = false;
  private blocked = false;

  constructor(
    readonly instanceId: string,
    private readonly socket: OutboxSocket,
    private readonly log: Logger,
    private readonly scheduler: FlushScheduler,
    /** Runs after each batch for every subscription (durable ones refill from the log). */
    private readonly afterFlush: (sub: Subscription) => void,
  ) {}

  schedule(): void {
    if (this.scheduled || this.blocked) return;
    this.scheduled = true;
    this.scheduler.add(this);
  }

  /** The socket drained: resume delivery. */
  drained(): void {
    this.blocked = false;
    this.schedule();
  }

  /** Sends one batch (the scheduler calls this once per turn it was scheduled for). */
  flush(): void {
    this.scheduled = false;
    if (this.subs.size === 0) return;
    this.takeBatch();
    const sent = batchBodies.length === 0 || this.socket.sendSplit(this.instanceId, batchHeads, batchBodies);
    batchHeads.length = 0;
    batchBodies.length = 0;
    if (!sent) return;
    for (const sub of this.subs) this.afterFlush(sub);
    const backlog = this.socket.backlog(this.instanceId);
    if (backlog === null) return;
    if (backlog > HIGH_WATER_BYTES) {
      this.blocked = true;
      return;
    }
    for (const sub of this.subs) {
      if (sub.hasDeliverable()) {
        this.schedule();
        return;
      }
    }
  }

  // Round-robin, one delivery per subscription per round; an instance with one subscription
  // (the usual case) drains it in a plain loop, without a Set iterator per delivery.
  private takeBatch(): void {
    batchHeads.length = 0;
    batchBodies.length = 0;
    if (this.subs.size === 1) {
      for (const sub of this.subs) {
        let bytes = 0;
        while (bytes < BATCH_BYTES && batchBodies.length < BATCH_FRAMES) {
          const body = sub.next();
          if (body === null) break;
          bytes += this.add(sub, body);
        }
      }
      return;
    }
    let bytes = 0;
    let progress = true;
    while (progress && bytes < BATCH_BYTES && batchBodies.length < BATCH_FRAMES) {
      progress = false;
      for (const sub of this.subs) {
        const body = sub.next();
        if (body === null) continue;
        progress = true;
        bytes += this.add(sub, body);
      }
    }
  }

  /** Adds one delivery to the batch; returns its bytes (0 when it was left out). */
  private add(sub: Subscription, body: Buffer): number {
    const bytes = sub.head.length + body.length;
    if (!this.fits(bytes, sub)) return 0;
    batchHeads.push(sub.head);
    batchBodies.push(body);
    return bytes;
  }

  // A frame over the limit would make the whole batch unsendable: it is left out and logged.
  private fits(bytes: number, sub: Subscription): boolean {
    if (bytes <= this.socket.maxFrame) return true;
    this.log.warn('event too large for one frame, not delivered', { module: sub.module, subscription: sub.id, bytes });
    return false;
  }
}
