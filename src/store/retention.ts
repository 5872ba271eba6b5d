// Retention pruning, run once per batch for what the batch wrote (never on every write).
import type { SqliteDb } from './sqlite.js';
import type { WriteOp } from './write-batcher.js';

export interface RetentionLimits {
  transitionsPerModule: number;
  exitsPerModule: number;
  events: number;
  /** Bytes the event log may hold (the running total kept by triggers in `event_log_size`). */
  eventBytes: number;
}

/** Rows of the oldest events read at a time while looking for where to cut. */
const CUT_PAGE = 256;
/** Meta key: the highest sequence number retention deleted (numbers may skip, so MIN(seq) cannot tell). */
export const PRUNED_KEY = 'events.pruned_through';

/** What is known of the event log after a commit: enough to tell that a batch needs no pruning. */
interface LogBounds {
  /** At least the log's bytes. */
  bytes: number;
  /** At most the lowest sequence number stored. */
  oldest: number;
}

/**
 * Retention pruning per batch. It remembers bounds of the log's size and oldest event from the
 * last commit, so a batch that stays within both limits costs no query; they are taken over only
 * once the batch's transaction commits, so a rolled-back batch cannot leave them wrong.
 */
export class Retention {
  private bounds: LogBounds | null = null;
  private proposed: LogBounds | null = null;

  constructor(private readonly limits: RetentionLimits) {}

  /** Before a batch's writes: deletes the oldest events so that the log plus the batch fits the byte limit. */
  async beforeWrites(db: SqliteDb, ops: readonly WriteOp[]): Promise<void> {
    this.proposed = null;
    const incoming = eventBytes(ops);
    if (incoming === 0 || (this.bounds !== null && this.bounds.bytes + incoming <= this.limits.eventBytes)) return;
    await pruneEventBytes(db, this.limits.eventBytes - incoming);
  }

  /** True when neither hook would do anything for `ops` (then the bounds they leave are noted for the commit). */
  idle(ops: readonly WriteOp[]): boolean {
    this.proposed = null;
    let newest = 0;
    for (const op of ops) {
      if (op.retention && op.retention.table !== 'events') return false;
      if (op.eventSeq !== undefined && op.eventSeq > newest) newest = op.eventSeq;
    }
    if (newest === 0) return true;
    this.proposed = this.withinLimits(newest, eventBytes(ops));
    return this.proposed !== null;
  }

  /** Deletes rows beyond the limits: per module for transitions and exits, globally for events. */
  async afterWrites(db: SqliteDb, ops: readonly WriteOp[]): Promise<void> {
    const transitions = new Set<string>();
    const exits = new Set<string>();
    let newest = 0;
    for (const op of ops) {
      if (op.eventSeq !== undefined && op.eventSeq > newest) newest = op.eventSeq;
      const key = op.retention;
      if (key && key.table !== 'events') (key.table === 'transitions' ? transitions : exits).add(key.module);
    }
    for (const module of transitions) await pruneModuleRows(db, 'transitions', module, this.limits.transitionsPerModule);
    for (const module of exits) await pruneModuleRows(db, 'exits', module, this.limits.exitsPerModule);
    if (newest > 0) await this.pruneEvents(db, newest, eventBytes(ops));
  }

  /** The batch's transaction committed: its view of the log holds from now on. */
  committed(): void {
    if (this.proposed !== null) this.bounds = this.proposed;
    this.proposed = null;
  }

  // The bounds after adding events up to `newest` of `incoming` bytes, if the known bounds show both limits still hold.
  private withinLimits(newest: number, incoming: number): LogBounds | null {
    const known = this.bounds;
    if (known === null || known.bytes + incoming > this.limits.eventBytes || newest - this.limits.events >= known.oldest) return null;
    return { bytes: known.bytes + incoming, oldest: known.oldest };
  }

  private async pruneEvents(db: SqliteDb, newest: number, incoming: number): Promise<void> {
    this.proposed = this.withinLimits(newest, incoming);
    if (this.proposed !== null) return;
    const cut = newest - this.limits.events;
    const row = await db.get<{ bytes: number | null; oldest: number | null }>(
      'SELECT (SELECT bytes FROM event_log_size WHERE id = 1) AS bytes, (SELECT MIN(seq) FROM events) AS oldest',
    );
    const bytes = row?.bytes ?? 0;
    const oldest = row?.oldest ?? newest + 1;
    this.proposed = { bytes, oldest };
    if (cut >= oldest) {
      await deleteEventsThrough(db, cut);
      this.proposed.oldest = cut + 1;
    }
    if (bytes > this.limits.eventBytes) await pruneEventBytes(db, this.limits.eventBytes);
  }
}

function eventBytes(ops: readonly WriteOp[]): number {
  let bytes = 0;
  for (const op of ops) bytes += op.bytes ?? 0;
  return bytes;
}

// Deletes the oldest events until the log's bytes fit `limit`; the newest event always stays.
async function pruneEventBytes(db: SqliteDb, limit: number): Promise<void> {
  const total = (await db.get<{ bytes: number }>('SELECT bytes FROM event_log_size WHERE id = 1'))?.bytes ?? 0;
  let excess = total - Math.max(limit, 0);
  if (excess <= 0) return;
  const newest = (await db.get<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM events'))?.seq ?? 0;
  let cut = 0;
  while (excess > 0) {
    const rows = await db.all<{ seq: number; bytes: number }>('SELECT seq, bytes FROM events WHERE seq > ? AND seq < ? ORDER BY seq LIMIT ?', [cut, newest, CUT_PAGE]);
    if (rows.length === 0) break;
    for (const row of rows) {
      cut = row.seq;
      excess -= row.bytes;
      if (excess <= 0) break;
    }
  }
  await deleteEventsThrough(db, cut);
}

// Deletes events up to `seq` and records the highest number deleted.
async function deleteEventsThrough(db: SqliteDb, seq: number): Promise<void> {
  if (seq <= 0) return;
  const last = (await db.get<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM events WHERE seq <= ?', [seq]))?.seq ?? null;
  if (last === null) return;
  await db.run('DELETE FROM events WHERE seq <= ?', [last]);
  await db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))', [PRUNED_KEY, String(last)]);
}

async function pruneModuleRows(db: SqliteDb, table: 'transitions' | 'exits', module: string, keep: number): Promise<void> {
  await db.run(
    `DELETE FROM ${table} WHERE module = ?1 AND id <= (SELECT id FROM ${table} WHERE module = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)`,
    [module, keep],
  );
}
