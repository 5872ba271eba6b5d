// Queues store writes and commits them in one transaction per batch interval: a burst of
// writes costs one commit, and a crash loses at most the writes of the last interval.
// A batch that fails for lack of space (disk full) is kept and retried with back-off until
// space returns; the queue behind it is bounded, and the failure is visible in `health`.
import { BlvmError, errorText } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { insertRuns } from './insert-runs.js';
import type { PreparedStatement, SqlParams, SqliteDb } from './sqlite.js';

/** Which retention rule a write feeds, so the batch prunes only what it grew. */
export type RetentionKey = { table: 'transitions' | 'exits'; module: string } | { table: 'events' };

export interface WriteOp {
  sql: string;
  params: SqlParams;
  retention?: RetentionKey;
  /** The event log row this op inserts (reported once committed). */
  eventSeq?: number;
  /** Bytes the row adds to the event log (for retention by bytes and the batch size bound). */
  bytes?: number;
  /** The highest event sequence number this op reserves (reported once committed or dropped). */
  reserve?: number;
}

export interface WriteBatcherOptions {
  interval: number;
  log: Logger;
  /** Runs inside each batch transaction before its writes (makes room for what it adds). */
  beforeWrites?: (db: SqliteDb, ops: readonly WriteOp[]) => Promise<void>;
  /** Runs inside each batch transaction after its writes (retention pruning). */
  afterWrites: (db: SqliteDb, ops: readonly WriteOp[]) => Promise<void>;
  /**
   * Whether the hooks have nothing to do for these ops. A batch that is then a single statement
   * commits on its own (sqlite makes one statement atomic), without BEGIN and COMMIT round trips.
   */
  hooksIdle?: (ops: readonly WriteOp[]) => boolean;
  /** Runs after a batch committed. */
  afterCommit?: (ops: readonly WriteOp[]) => void;
  /** Runs when ops are given up (repeated non-space failures, or a full queue while failing). */
  afterDrop?: (ops: readonly WriteOp[]) => void;
}

export type CommitListener = (ms: number, rows: number) => void;

/** The store's write health, as `blvm status` shows it. */
export interface WriteHealth {
  state: 'ok' | 'failing';
  /** The last commit error while failing. */
  error: string | null;
  /** Epoch ms of the first failure of the current failing period. */
  since: number | null;
  /** Writes waiting for a commit. */
  queued: number;
  /** Writes given up since the store was opened. */
  dropped: number;
}

/** A batch that keeps failing for another reason than space is dropped after this many attempts. */
const MAX_ATTEMPTS = 5;
/** While commits fail, at most this many writes wait; newer ones are dropped and counted. */
export const MAX_QUEUED_WHILE_FAILING = 100_000;
const MAX_RETRY_DELAY_MS = 2_000;
/** Event bytes per transaction, and queued bytes that make the batch commit at once: a burst never grows the file by more. */
export const MAX_BATCH_BYTES = 1024 * 1024;

/** A failure that more space (or time) cures: the batch is kept, not dropped. */
export function isSpaceError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'SQLITE_IOERR' || code === 'ENOSPC' || /disk is full|disk I\/O error|ENOSPC/i.test(errorText(err));
}

export class WriteBatcher {
  private pending: WriteOp[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  /** A group commit is scheduled and has not started yet: writes queued meanwhile join it. */
  private groupQueued = false;
  private tail: Promise<void> = Promise.resolve();
  private failures = 0;
  private failingSince: number | null = null;
  private lastError: string | null = null;
  private droppedOps = 0;
  private readonly statements = new Map<string, PreparedStatement>();
  private readonly commitListeners = new Set<CommitListener>();

  constructor(
    private readonly db: SqliteDb,
    private readonly options: WriteBatcherOptions,
  ) {}

  /** Called after every committed batch with its duration and size (for the metrics endpoint). */
  onCommit(listener: CommitListener): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  get queued(): number {
    return this.pending.length;
  }

  get failing(): boolean {
    return this.failingSince !== null;
  }

  health(): WriteHealth {
    return { state: this.failing ? 'failing' : 'ok', error: this.lastError, since: this.failingSince, queued: this.pending.length, dropped: this.droppedOps };
  }

  enqueue(op: WriteOp): void {
    if (this.failing && this.pending.length >= MAX_QUEUED_WHILE_FAILING) {
      this.drop([op]);
      return;
    }
    this.pending.push(op);
    this.pendingBytes += op.bytes ?? 0;
    if (this.failing) return;
    if (this.pendingBytes >= MAX_BATCH_BYTES) this.arm(0);
    else this.arm(this.options.interval);
  }

  /** Commits everything queued so far, after any commit already running. */
  flush(): Promise<void> {
    this.disarm();
    const run = this.tail.then(() => this.commitPending());
    this.tail = run.catch(() => {});
    return run;
  }

  /**
   * Group commit: commits what is queued as soon as the commit running now (if any) ends, not
   * at the next interval. Everything queued until that commit starts shares its transaction,
   * so writes whose callers wait for durability cost one commit per batch, not one each.
   */
  commitSoon(): void {
    if (this.groupQueued || this.failing) return;
    this.groupQueued = true;
    // After the I/O callbacks of this loop turn, so every request read in it joins the batch.
    setImmediate(() => {
      const run = this.tail.then(() => {
        this.groupQueued = false;
        this.disarm();
        return this.commitPending();
      });
      this.tail = run.catch(() => {});
    });
  }

  /** Flushes, then releases the prepared statements. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.disarm();
      await Promise.all([...this.statements.values()].map((s) => s.finalize()));
      this.statements.clear();
    }
  }

  private arm(delay: number): void {
    if (this.timer && delay > 0) return;
    this.disarm();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(() => {});
    }, delay);
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async statement(sql: string): Promise<PreparedStatement> {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = await this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  // Commits what is queued now, in transactions of at most MAX_BATCH_BYTES of event rows.
  private async commitPending(): Promise<void> {
    let left = this.pending.length;
    while (left > 0 && this.pending.length > 0) {
      const batch = this.takeBatch();
      left -= batch.length;
      const started = performance.now();
      try {
        const runs = insertRuns(batch);
        if (runs.length === 1 && this.options.hooksIdle?.(batch)) {
          await (await this.statement(runs[0].sql)).run(runs[0].params);
        } else {
          await this.db.transaction(async () => {
            await this.options.beforeWrites?.(this.db, batch);
            for (const run of runs) await (await this.statement(run.sql)).run(run.params);
            await this.options.afterWrites(this.db, batch);
          });
        }
      } catch (err) {
        this.recordFailure(batch, err);
        throw new BlvmError('io', `cannot write store ${this.db.file}: ${errorText(err)}`, { cause: err });
      }
      this.recovered(batch.length);
      const ms = performance.now() - started;
      for (const listener of this.commitListeners) listener(ms, batch.length);
      this.options.afterCommit?.(batch);
    }
  }

  private takeBatch(): WriteOp[] {
    let bytes = 0;
    let n = 0;
    while (n < this.pending.length && bytes < MAX_BATCH_BYTES) bytes += this.pending[n++].bytes ?? 0;
    this.pendingBytes -= bytes;
    return this.pending.splice(0, n);
  }

  private recovered(rows: number): void {
    if (this.failingSince !== null) {
      this.options.log.warn('store writes resumed', { file: this.db.file, rows, failed_for_ms: Date.now() - this.failingSince, dropped: this.droppedOps });
    }
    this.failures = 0;
    this.failingSince = null;
    this.lastError = null;
  }

  private recordFailure(batch: WriteOp[], err: unknown): void {
    this.failures += 1;
    this.lastError = errorText(err);
    const space = isSpaceError(err);
    const fields = { file: this.db.file, rows: batch.length, attempt: this.failures, error: this.lastError };
    if (!space && this.failures >= MAX_ATTEMPTS) {
      this.failures = 0;
      this.failingSince = null;
      this.options.log.error('store batch dropped after repeated failures', fields);
      this.drop(batch);
      this.arm(this.options.interval);
      return;
    }
    if (this.failingSince === null) {
      this.failingSince = Date.now();
      this.options.log.error('store writes failing; keeping them queued and retrying', fields);
    } else if (this.failures % 10 === 0) {
      this.options.log.error('store writes still failing', { ...fields, queued: batch.length + this.pending.length });
    }
    this.pending = batch.concat(this.pending);
    for (const op of batch) this.pendingBytes += op.bytes ?? 0;
    this.arm(Math.min(this.options.interval * 2 ** Math.min(this.failures, 8), MAX_RETRY_DELAY_MS));
  }

  private drop(ops: WriteOp[]): void {
    this.droppedOps += ops.length;
    this.options.afterDrop?.(ops);
  }
}
