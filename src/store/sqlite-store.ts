// The node store over one sqlite file: writes go through the batcher, reads flush first so
// every read sees every write made before it.
import { BlvmError } from '../errors.js';
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
import type {
  ListTransitionsQuery,
  ModuleRecord,
  NewEvent,
  NewTransition,
  ReadEventsQuery,
  Store,
  StoredEvent,
  StoredExit,
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
const INSERT_EVENT = 'INSERT INTO events (seq, at, type, source, payload) VALUES (?, ?, ?, ?, ?)';
const UPSERT_META = 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value';
const TRANSITION_COLUMNS = 'id, at, module, from_state, to_state, event';
const EXIT_COLUMNS = 'id, module, at, code, signal, reason, by_us, uptime_ms, detail, log_tail';

export class SqliteStore implements Store {
  private closed = false;

  constructor(
    private readonly db: SqliteDb,
    private readonly batcher: WriteBatcher,
    private readonly log: Logger,
    private nextSeq: number,
  ) {}

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
    const seq = this.nextSeq++;
    this.batcher.enqueue({
      sql: INSERT_EVENT,
      params: [seq, Date.now(), event.type, event.source, JSON.stringify(event.payload ?? null)],
      retention: { table: 'events' },
    });
    return Promise.resolve(seq);
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

  async oldestEventSeq(): Promise<number | null> {
    await this.beforeRead();
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

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.batcher.close();
    } finally {
      await this.db.close();
    }
  }

  /** Writes come from machine actions that must never throw, so a write after close is logged and dropped. */
  private write(op: WriteOp): void {
    if (this.closed) {
      this.log.warn('store write after close dropped', { file: this.db.file, sql: op.sql.slice(0, 40) });
      return;
    }
    this.batcher.enqueue(op);
  }

  private async beforeRead(): Promise<void> {
    if (this.closed) throw this.closedError();
    await this.batcher.flush();
  }

  private closedError(): BlvmError {
    return new BlvmError('unavailable', `store ${this.db.file} is closed`);
  }
}
