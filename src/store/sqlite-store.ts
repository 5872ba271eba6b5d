// The node store over one sqlite file: writes go through the batcher, reads flush first so
// every read sees every write made before it (unless commits are failing: then reads see
// what is committed). Event numbers come from the sequencer's committed reservation.
import { BlvmError, errorText } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { ExitRecord } from '../process/types.js';
import {
  eventFromRow,
  exitFromRow,
  exitParams,
  moduleFromRow,
  moduleParams,
  transitionFromRow,
  type EventRow,
  type ExitRow,
  type ModuleRow,
  type TransitionRow,
} from './rows.js';
import type { SqliteDb } from './sqlite.js';
import { RESERVED_KEY, type EventSequencer } from './event-sequencer.js';
import { PRUNED_KEY } from './retention.js';
import type {
  EventsCommittedListener,
  ListTransitionsQuery,
  ModuleRecord,
  NewEvent,
  NewTransition,
  ReadEventsQuery,
  Store,
  StoredEvent,
  StoredExit,
  StoreHealth,
  TransitionRecord,
} from './types.js';
import type { CommitListener, WriteBatcher, WriteOp } from './write-batcher.js';

const UPSERT_MODULE = `INSERT INTO modules (name, version, desired, phase, state, restarts, quarantine, verification, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (name) DO UPDATE SET version = excluded.version, desired = excluded.desired, phase = excluded.phase,
    state = excluded.state, restarts = excluded.restarts, quarantine = excluded.quarantine,
    verification = excluded.verification, updated_at = excluded.updated_at`;
const INSERT_TRANSITION = 'INSERT INTO transitions (at, module, from_state, to_state, event) VALUES (?, ?, ?, ?, ?)';
const INSERT_EXIT = `INSERT INTO exits (module, at, code, signal, reason, by_us, uptime_ms, detail, log_tail)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_EVENT = 'INSERT INTO events (seq, at, type, source, payload, bytes) VALUES (?, ?, ?, ?, ?, ?)';
/** Bytes a row costs besides its text columns (an estimate of sqlite's row overhead). */
const EVENT_ROW_OVERHEAD = 24;
const UPSERT_META = 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value';
const TRANSITION_COLUMNS = 'id, at, module, from_state, to_state, event';
const EXIT_COLUMNS = 'id, module, at, code, signal, reason, by_us, uptime_ms, detail, log_tail';

export class SqliteStore implements Store {
  private closed = false;
  private readonly committedListeners = new Set<EventsCommittedListener>();
  /** Appends waiting for a reservation to commit, in call order. */
  private waiting: Promise<unknown> | null = null;
  private lastCommittedSeq: number;
  /** Callers of whenCommitted, by the sequence number they wait for. */
  private readonly commitWaiters = new Map<number, CommitWaiter>();

  constructor(
    private readonly db: SqliteDb,
    private readonly batcher: WriteBatcher,
    private readonly log: Logger,
    private readonly sequencer: EventSequencer,
  ) {
    this.lastCommittedSeq = sequencer.last;
  }

  /** Batcher hook: a batch committed. */
  committed(ops: readonly WriteOp[]): void {
    const seqs: number[] = [];
    for (const op of ops) {
      if (op.eventSeq !== undefined) seqs.push(op.eventSeq);
      if (op.reserve !== undefined) this.sequencer.committed(op.reserve);
    }
    if (seqs.length === 0) return;
    this.lastCommittedSeq = Math.max(this.lastCommittedSeq, seqs[seqs.length - 1]);
    if (this.commitWaiters.size > 0) this.settleWaiters(seqs, null);
    for (const listener of this.committedListeners) listener(seqs, 'committed');
  }

  /** Batcher hook: ops were given up. */
  dropped(ops: readonly WriteOp[]): void {
    const seqs: number[] = [];
    for (const op of ops) {
      if (op.reserve !== undefined) this.sequencer.dropped(op.reserve);
      if (op.eventSeq !== undefined) seqs.push(op.eventSeq);
    }
    if (seqs.length === 0) return;
    if (this.commitWaiters.size > 0) {
      this.settleWaiters(seqs, (seq) => new BlvmError('unavailable', `event ${seq} was not stored: ${this.batcher.health().error ?? 'the store gave its write up'}`));
    }
    for (const listener of this.committedListeners) listener(seqs, 'dropped');
  }

  private settleWaiters(seqs: readonly number[], failure: ((seq: number) => BlvmError) | null): void {
    for (const seq of seqs) {
      const waiter = this.commitWaiters.get(seq);
      if (!waiter) continue;
      this.commitWaiters.delete(seq);
      if (failure) waiter.reject(failure(seq));
      else waiter.resolve();
    }
  }

  /** Writes the next reservation now (open) or whenever the range runs low. */
  reserveIfLow(): void {
    const through = this.sequencer.wanted();
    if (through !== null) this.batcher.enqueue({ sql: UPSERT_META, params: [RESERVED_KEY, JSON.stringify(through)], reserve: through });
  }

  get file(): string {
    return this.db.file;
  }

  upsertModule(rec: ModuleRecord): void {
    this.write({ sql: UPSERT_MODULE, params: moduleParams(rec) });
  }

  async getModule(name: string): Promise<ModuleRecord | null> {
    await this.beforeRead();
    const row = await this.db.get<ModuleRow>('SELECT * FROM modules WHERE name = ?', [name]);
    return row ? moduleFromRow(row) : null;
  }

  async listModules(): Promise<ModuleRecord[]> {
    await this.beforeRead();
    return (await this.db.all<ModuleRow>('SELECT * FROM modules ORDER BY name')).map(moduleFromRow);
  }

  appendTransition(t: NewTransition): void {
    this.write({
      sql: INSERT_TRANSITION,
      params: [t.at, t.module, t.from, t.to, t.event],
      retention: { table: 'transitions', module: t.module },
    });
  }

  /** Oldest first; without `sinceId` the newest `limit` rows, with it the `limit` rows after that id. */
  async listTransitions(module: string, query: ListTransitionsQuery = {}): Promise<TransitionRecord[]> {
    await this.beforeRead();
    const limit = query.limit ?? -1;
    const rows =
      query.sinceId === undefined
        ? await this.db.all<TransitionRow>(
            `SELECT * FROM (SELECT ${TRANSITION_COLUMNS} FROM transitions WHERE module = ? ORDER BY id DESC LIMIT ?) ORDER BY id`,
            [module, limit],
          )
        : await this.db.all<TransitionRow>(
            `SELECT ${TRANSITION_COLUMNS} FROM transitions WHERE module = ? AND id > ? ORDER BY id LIMIT ?`,
            [module, query.sinceId, limit],
          );
    return rows.map(transitionFromRow);
  }

  appendExit(module: string, exit: ExitRecord, logTail: string[]): void {
    this.write({ sql: INSERT_EXIT, params: exitParams(module, exit, logTail), retention: { table: 'exits', module } });
  }

  /** The newest `limit` exits of a module, oldest first. */
  async listExits(module: string, limit: number): Promise<StoredExit[]> {
    await this.beforeRead();
    const rows = await this.db.all<ExitRow>(
      `SELECT * FROM (SELECT ${EXIT_COLUMNS} FROM exits WHERE module = ? ORDER BY id DESC LIMIT ?) ORDER BY id`,
      [module, limit],
    );
    return rows.map(exitFromRow);
  }

  appendEvent(event: NewEvent): Promise<number> {
    if (this.closed) return Promise.reject(this.closedError());
    const seq = this.waiting === null ? this.sequencer.take() : null;
    if (seq !== null) return Promise.resolve(this.enqueueEvent(seq, event));
    const turn = (this.waiting ?? Promise.resolve()).then(() => this.takeAfterReservation(event));
    const settled = turn.catch(() => {});
    this.waiting = settled;
    void settled.then(() => {
      if (this.waiting === settled) this.waiting = null;
    });
    return turn;
  }

  whenCommitted(seq: number): Promise<void> {
    if (seq <= this.lastCommittedSeq) return Promise.resolve();
    if (this.closed) return Promise.reject(this.closedError());
    return new Promise((resolve, reject) => {
      this.commitWaiters.set(seq, { resolve, reject });
      this.batcher.commitSoon();
    });
  }

  onEventsCommitted(listener: EventsCommittedListener): () => void {
    this.committedListeners.add(listener);
    return () => this.committedListeners.delete(listener);
  }

  get lastCommittedEventSeq(): number {
    return this.lastCommittedSeq;
  }

  health(): StoreHealth {
    return { file: this.db.file, ...this.batcher.health() };
  }

  async readEvents(query: ReadEventsQuery): Promise<StoredEvent[]> {
    await this.beforeRead();
    const types = query.types ?? [];
    const typeFilter = types.length === 0 ? '' : ` AND type IN (${types.map(() => '?').join(', ')})`;
    const rows = await this.db.all<EventRow>(
      `SELECT seq, at, type, source, payload FROM events WHERE seq >= ?${typeFilter} ORDER BY seq LIMIT ?`,
      [query.fromSeq, ...types, query.limit],
    );
    return rows.map(eventFromRow);
  }

  /** The lowest number that may still be stored: one above the highest number retention deleted, else the oldest event. */
  async oldestEventSeq(): Promise<number | null> {
    await this.beforeRead();
    const pruned = await this.db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [PRUNED_KEY]);
    if (pruned) return Number(pruned.value) + 1;
    const row = await this.db.get<{ seq: number | null }>('SELECT MIN(seq) AS seq FROM events');
    return row?.seq ?? null;
  }

  async getMeta<T = unknown>(key: string): Promise<T | undefined> {
    await this.beforeRead();
    const row = await this.db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key]);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async listMeta<T = unknown>(prefix: string): Promise<{ key: string; value: T }[]> {
    await this.beforeRead();
    const rows = await this.db.all<{ key: string; value: string }>(
      "SELECT key, value FROM meta WHERE substr(key, 1, length(?)) = ? ORDER BY key",
      [prefix, prefix],
    );
    return rows.map((r) => ({ key: r.key, value: JSON.parse(r.value) as T }));
  }

  setMeta(key: string, value: unknown): void {
    this.write({ sql: UPSERT_META, params: [key, JSON.stringify(value ?? null)] });
  }

  onCommit(listener: CommitListener): () => void {
    return this.batcher.onCommit(listener);
  }

  flush(): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    return this.batcher.flush();
  }

  /** Flushes; when every number handed out is committed, gives the unused reservation back. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      let committed = true;
      await this.batcher.flush().catch((error: unknown) => {
        committed = false;
        this.log.error('store closing with writes that did not commit', { file: this.db.file, queued: this.batcher.queued, error: errorText(error) });
      });
      if (committed && this.lastCommittedSeq === this.sequencer.last) {
        this.batcher.enqueue({ sql: UPSERT_META, params: [RESERVED_KEY, JSON.stringify(this.sequencer.last)] });
      }
      await this.batcher.close();
    } finally {
      for (const [seq, waiter] of this.commitWaiters) waiter.reject(new BlvmError('unavailable', `event ${seq} was not stored: store ${this.db.file} closed before it committed`));
      this.commitWaiters.clear();
      await this.db.close();
    }
  }

  private enqueueEvent(seq: number, event: NewEvent): number {
    const payload = event.payloadJson ?? JSON.stringify(event.payload ?? null);
    const bytes = Buffer.byteLength(payload, 'utf8') + event.type.length + event.source.length + EVENT_ROW_OVERHEAD;
    this.batcher.enqueue({
      sql: INSERT_EVENT,
      params: [seq, event.at ?? Date.now(), event.type, event.source, payload, bytes],
      retention: { table: 'events' },
      eventSeq: seq,
      bytes,
    });
    if (event.outbox) this.batcher.enqueue({ sql: UPSERT_META, params: [outboxKey(event.outbox.name), JSON.stringify(event.outbox.id)] });
    this.reserveIfLow();
    return seq;
  }

  // The committed range was used up when this event queued: commit the pending reservation
  // unless an earlier waiter's commit already made room (one commit per block, not per event).
  private async takeAfterReservation(event: NewEvent): Promise<number> {
    if (this.closed) throw this.closedError();
    let seq = this.sequencer.take();
    if (seq === null) {
      this.reserveIfLow();
      await this.batcher.flush().catch(() => {});
      if (this.closed) throw this.closedError();
      seq = this.sequencer.take();
    }
    if (seq === null) {
      throw new BlvmError('unavailable', `store ${this.db.file} cannot reserve event sequence numbers: ${this.batcher.health().error ?? 'the reservation did not commit'}`);
    }
    return this.enqueueEvent(seq, event);
  }

  /** Writes come from machine actions that must never throw, so a write after close is logged and dropped. */
  private write(op: WriteOp): void {
    if (this.closed) {
      this.log.warn('store write after close dropped', { file: this.db.file, sql: op.sql.slice(0, 40) });
      return;
    }
    this.batcher.enqueue(op);
  }

  // While commits fail, reads answer from what is committed rather than failing too.
  private async beforeRead(): Promise<void> {
    if (this.closed) throw this.closedError();
    if (this.batcher.failing) return;
    await this.batcher.flush().catch(() => {});
  }

  private closedError(): BlvmError {
    return new BlvmError('unavailable', `store ${this.db.file} is closed`);
  }
}

interface CommitWaiter {
  resolve: () => void;
  reject: (error: BlvmError) => void;
}

/** The meta key holding the last drained id of a named outbox (written with the drained event). */
export function outboxKey(name: string): string {
  return `outbox.${name}`;
}
