// The event bus: sequences every event, appends it to the store, and fans it out to bounded
// per-subscriber queues. Publishing never blocks and never waits for a subscriber.
// Plain subscribers and observers get an event as soon as it has its (never reused) sequence
// number; durable subscribers only once the store reports it committed, so an acknowledged
// event can never be lost by a crash.
import { apiError } from '../ipc/api-errors.js';
import type { PublishOrigin } from '../daemon/services.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/index.js';
import type { BusEvent } from './bus-event.js';
import { catchUp } from './catch-up.js';
import { CommitGate, type GatedEvent } from './commit-gate.js';
import { cursorKey, readCursor, writeCursor } from './durable-cursors.js';
import { Deque } from './deque.js';
import { FlushScheduler, Outbox, type OutboxSocket } from './outbox.js';
import { Subscription, type DurableState } from './subscription.js';
import { TypeFilter } from './type-filter.js';

export interface EventBusOptions {
  store: Store;
  socket: OutboxSocket;
  log: Logger;
  /** Default bound of each subscriber's queue. */
  queueLimit?: number;
  /** Longest wait, ms, to gather a busy publisher's events into one write per subscriber (`[ipc] event_linger`); 0 = every turn. */
  lingerMs?: number;
}

export interface SubscribeRequest {
  module: string;
  instanceId: string;
  types: string[];
  durable: boolean;
  /** Durable only: names the cursor (one per module and name). */
  name: string;
  /** Durable only: `oldest`, `next`, or the first sequence number wanted; absent = resume. */
  from?: 'oldest' | 'next' | number;
  queueLimit?: number;
  window?: number;
}

export interface SubscribeResult {
  subscription: string;
  durable: boolean;
  types: readonly string[];
  /** How many snapshot `ModuleLoaded` events come first. */
  snapshot: number;
  last_seq: number;
  name?: string;
  acked?: number;
  resume_from?: number;
}

export interface SubscriptionStats {
  subscription: string;
  module: string;
  instanceId: string;
  durable: boolean;
  queued: number;
  queueLimit: number;
  delivered: number;
  dropped: number;
  mode: 'live' | 'catchup';
  acked: number | null;
}

export type BusObserver = (event: BusEvent) => void;

export const DEFAULT_QUEUE_LIMIT = 10_000;
export const DEFAULT_WINDOW = 1000;

interface Pending extends GatedEvent {
  sequenced: boolean;
}

/** A plain subscription and the outbox of its instance. */
interface PlainTarget {
  sub: Subscription;
  outbox: Outbox;
}

export class EventBus {
  private readonly opts: EventBusOptions;
  private readonly subs = new Map<string, Subscription>();
  private readonly outboxes = new Map<string, Outbox>();
  /** Plain subscriptions and their outboxes: what every published event is offered to (an array: no entry objects per event). */
  private readonly plain: PlainTarget[] = [];
  /** Durable subscriptions: what every committed event is offered to. */
  private readonly durables = new Set<Subscription>();
  private readonly flushes: FlushScheduler;
  private readonly durableOwners = new Map<string, string>();
  private readonly observers = new Set<BusObserver>();
  private readonly loaded = new Map<string, Record<string, unknown>>();
  private readonly pending = new Deque<Pending>();
  private readonly gate: CommitGate;
  private fannedOut: number;
  private nextSubscription = 1;
  private storeFailures = 0;
  private readonly stopCommits: () => void;

  constructor(opts: EventBusOptions) {
    this.opts = opts;
    this.flushes = new FlushScheduler(opts.lingerMs ?? 0);
    this.fannedOut = opts.store.lastCommittedEventSeq;
    this.gate = new CommitGate(opts.store.lastCommittedEventSeq, (event) => this.fanOutDurable(event));
    this.stopCommits = opts.store.onEventsCommitted((seqs, outcome) => (outcome === 'committed' ? this.gate.committed(seqs) : this.gate.dropped(seqs)));
  }

  /** Stops following the store's commits. */
  detach(): void {
    this.stopCommits();
  }

  /** The highest sequence number fanned out so far. */
  get lastSeq(): number {
    return this.fannedOut;
  }

  /** Appends the event to the store (which assigns its sequence number) and fans it out, in publish order. */
  publish(type: string, source: string, data: unknown, origin: PublishOrigin = {}, dataJson?: string): Promise<number | null> {
    // One JSON text of the data and one timestamp serve the store's row and every subscriber's frame.
    const json = dataJson ?? JSON.stringify(data ?? null) ?? 'null';
    const at = Date.now();
    const entry: Pending = { event: { seq: null, at, type, source, data, dataJson: json }, sequenced: false, fannedOut: false, committed: false };
    this.pending.push(entry);
    return this.opts.store.appendEvent({ type, source, payload: data ?? null, payloadJson: json, at, outbox: origin.outbox }).then(
      (seq) => {
        entry.event.seq = seq;
        entry.sequenced = true;
        this.gate.sequenced(seq, entry);
        this.drainPending();
        return seq;
      },
      (error: unknown) => {
        if (this.storeFailures++ % 1000 === 0) {
          this.opts.log.warn('event not stored; delivered live only', { type, reason: String(error), failures: this.storeFailures });
        }
        entry.sequenced = true;
        this.drainPending();
        return null;
      },
    );
  }

  /** Resolves once the event numbered `seq` is committed to the store (a group commit, not the batch interval). */
  committed(seq: number): Promise<void> {
    return this.opts.store.whenCommitted(seq);
  }

  /** Watches every event fanned out (operator follow mode, tests). */
  observe(observer: BusObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** The modules currently loaded, as `ModuleLoaded` payloads, in load order. */
  loadedModules(): Record<string, unknown>[] {
    return [...this.loaded.values()];
  }

  async subscribe(req: SubscribeRequest): Promise<SubscribeResult> {
    const filter = new TypeFilter(req.types);
    const queueLimit = req.queueLimit ?? this.opts.queueLimit ?? DEFAULT_QUEUE_LIMIT;
    const id = `s${this.nextSubscription++}`;
    let durable: DurableState | null = null;
    if (req.durable) durable = await this.openDurable(req, id, filter);
    const sub = new Subscription({ id, module: req.module, instanceId: req.instanceId, filter, queueLimit, durable });
    if (this.opts.socket.backlog(req.instanceId) === null) {
      if (durable) this.durableOwners.delete(cursorKey(req.module, durable.name));
      throw apiError('unavailable', `module ${req.module} disconnected before its subscription was set up`);
    }
    this.subs.set(id, sub);
    const outbox = this.outboxOf(req.instanceId);
    outbox.subs.add(sub);
    if (durable) this.durables.add(sub);
    else this.plain.push({ sub, outbox });
    const snapshot = filter.matches('ModuleLoaded') ? this.loadedModules() : [];
    for (const data of snapshot) sub.enqueue({ seq: null, at: Date.now(), type: 'ModuleLoaded', source: 'node', snapshot: true, data });
    if (snapshot.length > 0) outbox.schedule();
    if (durable) void this.refill(sub);
    const result: SubscribeResult = { subscription: id, durable: req.durable, types: filter.patterns, snapshot: snapshot.length, last_seq: this.fannedOut };
    return durable ? { ...result, name: durable.name, acked: durable.acked, resume_from: durable.cursor } : result;
  }

  unsubscribe(instanceId: string, id: string): void {
    this.close(this.owned(instanceId, id, 'events.unsubscribe'));
  }

  /** Cumulative acknowledgement of a durable subscription; persisted (batched). Returns the acked position. */
  ack(instanceId: string, id: string, seq: number): number {
    const sub = this.owned(instanceId, id, 'events.ack');
    const d = sub.durable;
    if (!d) throw apiError('invalid_request', `events.ack: subscription ${id} is not durable; only durable subscriptions take acks`);
    if (seq > d.lastDelivered) {
      throw apiError('invalid_request', `events.ack: seq ${seq} was not delivered on subscription ${id} yet (last delivered: ${d.lastDelivered})`);
    }
    if (sub.ack(seq)) {
      writeCursor(this.opts.store, sub.module, d.name, seq, sub.filter.patterns);
      this.outboxOf(instanceId).schedule();
    }
    return d.acked;
  }

  /** The instance's connection ended: its subscriptions end (durable cursors stay stored). */
  dropInstance(instanceId: string): void {
    const outbox = this.outboxes.get(instanceId);
    if (!outbox) return;
    for (const sub of [...outbox.subs]) this.close(sub);
    this.outboxes.delete(instanceId);
  }

  /** The instance's socket drained after a backlog. */
  drained(instanceId: string): void {
    this.outboxes.get(instanceId)?.drained();
  }

  stats(): SubscriptionStats[] {
    return [...this.subs.values()].map((s) => ({
      subscription: s.id,
      module: s.module,
      instanceId: s.instanceId,
      durable: s.durable !== null,
      queued: s.queued,
      queueLimit: s.queueLimit,
      delivered: s.delivered,
      dropped: s.droppedTotal,
      mode: s.durable?.mode ?? 'live',
      acked: s.durable?.acked ?? null,
    }));
  }

  private drainPending(): void {
    while (this.pending.peek()?.sequenced) this.fanOut(this.pending.shift() as Pending);
  }

  private fanOutDurable(event: BusEvent): void {
    this.flushes.touch();
    for (const sub of this.durables) {
      if (!sub.durable) continue;
      if (sub.offer(event)) this.outboxes.get(sub.instanceId)?.schedule();
      else if (sub.durable.mode === 'catchup') void this.refill(sub);
    }
  }

  private fanOut(entry: Pending): void {
    const event = entry.event;
    this.flushes.touch();
    if (event.seq !== null) this.fannedOut = Math.max(this.fannedOut, event.seq);
    this.trackLoaded(event);
    const plain = this.plain;
    for (let i = 0; i < plain.length; i++) {
      if (plain[i].sub.offer(event)) plain[i].outbox.schedule();
    }
    if (event.seq !== null) this.gate.fannedOut(entry);
    for (const observer of this.observers) {
      try {
        observer(event);
      } catch (error) {
        this.opts.log.warn('event observer failed', { type: event.type, reason: String(error) });
      }
    }
  }

  private trackLoaded(event: BusEvent): void {
    if (event.source !== 'node') return;
    const data = event.data as Record<string, unknown> | null;
    const name = typeof data?.module_name === 'string' ? data.module_name : null;
    if (!name) return;
    if (event.type === 'ModuleLoaded') this.loaded.set(name, data as Record<string, unknown>);
    else if (event.type === 'ModuleUnloaded') this.loaded.delete(name);
  }

  private async openDurable(req: SubscribeRequest, id: string, filter: TypeFilter): Promise<DurableState> {
    const key = cursorKey(req.module, req.name);
    const owner = this.durableOwners.get(key);
    if (owner) {
      throw apiError('invalid_request', `events.subscribe: durable subscription "${req.name}" of module ${req.module} is already open (${owner})`);
    }
    this.durableOwners.set(key, id);
    try {
      const stored = await readCursor(this.opts.store, req.module, req.name);
      let acked: number;
      if (typeof req.from === 'number') acked = req.from - 1;
      else if (req.from === 'oldest') acked = ((await this.opts.store.oldestEventSeq()) ?? this.fannedOut + 1) - 1;
      else if (req.from === 'next' || !stored) acked = this.fannedOut;
      else acked = stored.acked;
      if (!stored || stored.acked !== acked) writeCursor(this.opts.store, req.module, req.name, acked, filter.patterns);
      return { name: req.name, mode: 'catchup', cursor: acked + 1, acked, lastDelivered: acked, unacked: new Deque(), window: req.window ?? DEFAULT_WINDOW, reading: false };
    } catch (error) {
      this.durableOwners.delete(key);
      throw error;
    }
  }

  private refill(sub: Subscription): Promise<void> {
    if (!sub.durable || sub.durable.reading || sub.closed) return Promise.resolve();
    return catchUp(sub, {
      store: this.opts.store,
      lastSeq: () => this.gate.through,
      queued: (s) => this.outboxes.get(s.instanceId)?.schedule(),
    }).catch((error: unknown) => {
      this.opts.log.warn('durable subscription could not read the event log', { module: sub.module, subscription: sub.id, reason: String(error) });
    });
  }

  private outboxOf(instanceId: string): Outbox {
    let outbox = this.outboxes.get(instanceId);
    if (!outbox) {
      outbox = new Outbox(instanceId, this.opts.socket, this.opts.log, this.flushes, (sub) => {
        if (sub.durable?.mode === 'catchup') void this.refill(sub);
      });
      this.outboxes.set(instanceId, outbox);
    }
    return outbox;
  }

  private owned(instanceId: string, id: unknown, method: string): Subscription {
    const sub = typeof id === 'string' ? this.subs.get(id) : undefined;
    if (!sub || sub.instanceId !== instanceId) throw apiError('not_found', `${method}: no subscription ${JSON.stringify(id)} on this connection`);
    return sub;
  }

  private close(sub: Subscription): void {
    sub.closed = true;
    this.subs.delete(sub.id);
    this.durables.delete(sub);
    const index = this.plain.findIndex((target) => target.sub === sub);
    if (index >= 0) this.plain.splice(index, 1);
    this.outboxes.get(sub.instanceId)?.subs.delete(sub);
    if (sub.durable) this.durableOwners.delete(cursorKey(sub.module, sub.durable.name));
  }
}
