// Routes incoming events to their subscription objects (and to onEvent handlers). Events that
// arrive before the subscribe response has been handled are held until it has.
import { errorText } from '../errors.js';
import type { ModuleEvent, SubscribeOptions, SubscribeResult } from './api-types.js';
import { EventSubscription } from './event-subscription.js';

export type EventHandler = (event: ModuleEvent) => void;

const EARLY_LIMIT = 10_000;
const DEFAULT_BUFFER_LIMIT = 10_000;

export class EventRouter {
  private readonly subs = new Map<string, EventSubscription>();
  private readonly early = new Map<string, ModuleEvent[]>();
  private readonly handlers: EventHandler[] = [];
  private opening = 0;

  constructor(private readonly waiting?: () => void) {}

  onEvent(handler: EventHandler): void {
    this.handlers.push(handler);
  }

  deliver(event: ModuleEvent): void {
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (error) {
        process.stderr.write(`blvm: event handler failed: ${errorText(error)}\n`);
      }
    }
    const id = typeof event.subscription === 'string' ? event.subscription : undefined;
    if (id === undefined) return;
    const sub = this.subs.get(id);
    if (sub) sub.push(event);
    else if (this.opening > 0) {
      const held = this.early.get(id) ?? [];
      if (held.length < EARLY_LIMIT) held.push(event);
      this.early.set(id, held);
    }
  }

  /** Sends events.subscribe and returns the subscription, with any events that raced its response. */
  async open(request: (method: string, params: unknown) => Promise<unknown>, opts: SubscribeOptions): Promise<EventSubscription> {
    this.opening++;
    try {
      const info = (await request('events.subscribe', wireParams(opts))) as SubscribeResult;
      const sub = new EventSubscription(info, {
        request,
        ended: (id) => this.subs.delete(id),
        bufferLimit: opts.bufferLimit ?? DEFAULT_BUFFER_LIMIT,
        waiting: this.waiting,
      });
      this.subs.set(sub.id, sub);
      for (const event of this.early.get(sub.id) ?? []) sub.push(event);
      this.early.delete(sub.id);
      return sub;
    } finally {
      if (--this.opening === 0) this.early.clear();
    }
  }

  /** The connection ended: every subscription ends. */
  endAll(): void {
    for (const sub of [...this.subs.values()]) sub.end();
  }
}

function wireParams(opts: SubscribeOptions): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (opts.types !== undefined) params.types = opts.types;
  if (opts.durable) params.durable = true;
  if (opts.name !== undefined) params.name = opts.name;
  if (opts.from !== undefined) params.from = opts.from;
  if (opts.queueLimit !== undefined) params.queue_limit = opts.queueLimit;
  if (opts.window !== undefined) params.window = opts.window;
  return params;
}
