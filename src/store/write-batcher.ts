// Queues store writes and commits them in one transaction per batch interval: a burst of
// writes costs one commit, and a crash loses at most the writes of the last interval.
import { BlvmError, errorText } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { PreparedStatement, SqlParams, SqliteDb } from './sqlite.js';

/** Which retention rule a write feeds, so the batch prunes only what it grew. */
export type RetentionKey = { table: 'transitions' | 'exits'; module: string } | { table: 'events' };

export interface WriteOp {
  sql: string;
  params: SqlParams;
  retention?: RetentionKey;
}

export interface WriteBatcherOptions {
  interval: number;
  log: Logger;
  /** Runs inside each batch transaction after its writes (retention pruning). */
  afterWrites: (db: SqliteDb, ops: readonly WriteOp[]) => Promise<void>;
}

export type CommitListener = (ms: number, rows: number) => void;

/** A batch that keeps failing is dropped after this many attempts so it cannot wedge the store. */
const MAX_ATTEMPTS = 5;

export class WriteBatcher {
  private pending: WriteOp[] = [];
  private timer: NodeJS.Timeout | null = null;
  private tail: Promise<void> = Promise.resolve();
  private failures = 0;
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

  enqueue(op: WriteOp): void {
    this.pending.push(op);
    this.arm();
  }

  /** Commits everything queued so far, after any commit already running. */
  flush(): Promise<void> {
    this.disarm();
    const run = this.tail.then(() => this.commitPending());
    this.tail = run.catch(() => {});
    return run;
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

  private arm(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(() => {});
    }, this.options.interval);
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

  private async commitPending(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const started = performance.now();
    try {
      await this.db.transaction(async () => {
        for (const op of batch) await (await this.statement(op.sql)).run(op.params);
        await this.options.afterWrites(this.db, batch);
      });
      this.failures = 0;
      const ms = performance.now() - started;
      for (const listener of this.commitListeners) listener(ms, batch.length);
    } catch (err) {
      this.recordFailure(batch, err);
      throw new BlvmError('io', `cannot write store ${this.db.file}: ${errorText(err)}`, { cause: err });
    }
  }

  private recordFailure(batch: WriteOp[], err: unknown): void {
    this.failures += 1;
    const fields = { file: this.db.file, rows: batch.length, attempt: this.failures, error: errorText(err) };
    if (this.failures >= MAX_ATTEMPTS) {
      this.failures = 0;
      this.options.log.error('store batch dropped after repeated failures', fields);
      return;
    }
    this.options.log.warn('store batch failed, retrying', fields);
    this.pending = batch.concat(this.pending);
    this.arm();
  }
}
