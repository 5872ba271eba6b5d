// Delivery to one module instance: drains its subscriptions round-robin into corked batches,
// at most one batch per turn of the event loop, and stops while the socket has a backlog,
// so a module that does not read costs the publisher nothing but its bounded queues.
import type { Logger } from '../log/logger.js';
import type { Subscription } from './subscription.js';

export interface OutboxSocket {
  sendEncoded(instanceId: string, payloads: readonly string[]): boolean;
  backlog(instanceId: string): number | null;
  readonly maxFrame: number;
}

/** Unsent bytes on the socket above which delivery waits for it to drain. */
export const HIGH_WATER_BYTES = 256 * 1024;
const BATCH_BYTES = 256 * 1024;
const BATCH_FRAMES = 2048;

export class Outbox {
  readonly subs = new Set<Subscription>();
  private scheduled = false;
  private blocked = false;

  constructor(
    readonly instanceId: string,
    private readonly socket: OutboxSocket,
    private readonly log: Logger,
    /** Runs after each batch for every subscription (durable ones refill from the log). */
    private readonly afterFlush: (sub: Subscription) => void,
  ) {}

  schedule(): void {
    if (this.scheduled || this.blocked) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** The socket drained: resume delivery. */
  drained(): void {
    this.blocked = false;
    this.schedule();
  }

  private flush(): void {
    this.scheduled = false;
    if (this.subs.size === 0) return;
    const frames = this.takeBatch();
    if (frames.length > 0 && !this.socket.sendEncoded(this.instanceId, frames)) return;
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

  private takeBatch(): string[] {
    const frames: string[] = [];
    let bytes = 0;
    let progress = true;
    while (progress && bytes < BATCH_BYTES && frames.length < BATCH_FRAMES) {
      progress = false;
      for (const sub of this.subs) {
        const frame = sub.next();
        if (frame === null) continue;
        progress = true;
        if (this.fits(frame, sub)) {
          frames.push(frame);
          bytes += frame.length;
        }
      }
    }
    return frames;
  }

  // A frame over the limit would make the whole batch unsendable: it is left out and logged.
  private fits(frame: string, sub: Subscription): boolean {
    if (frame.length * 3 <= this.socket.maxFrame || Buffer.byteLength(frame, 'utf8') <= this.socket.maxFrame) return true;
    this.log.warn('event too large for one frame, not delivered', { module: sub.module, subscription: sub.id, bytes: Buffer.byteLength(frame, 'utf8') });
    return false;
  }
}
