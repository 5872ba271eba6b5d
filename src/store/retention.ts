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

/** Before a batch's writes: deletes the oldest events so that the log plus the batch fits the byte limit. */
export async function makeRoomForBatch(db: SqliteDb, ops: readonly WriteOp[], limits: RetentionLimits): Promise<void> {
  let incoming = 0;
  for (const op of ops) incoming += op.bytes ?? 0;
  if (incoming > 0) await pruneEventBytes(db, limits.eventBytes - incoming);
}

/** Deletes rows beyond the limits: per module for transitions and exits, globally for events. */
export async function pruneAfterBatch(db: SqliteDb, ops: readonly WriteOp[], limits: RetentionLimits): Promise<void> {
  const transitions = new Set<string>();
  const exits = new Set<string>();
  let events = false;
  for (const op of ops) {
    const key = op.retention;
    if (!key) continue;
    if (key.table === 'events') events = true;
    else (key.table === 'transitions' ? transitions : exits).add(key.module);
  }
  for (const module of transitions) await pruneModuleRows(db, 'transitions', module, limits.transitionsPerModule);
  for (const module of exits) await pruneModuleRows(db, 'exits', module, limits.exitsPerModule);
  if (events) {
    const newest = (await db.get<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM events'))?.seq ?? 0;
    await deleteEventsThrough(db, newest - limits.events);
    await pruneEventBytes(db, limits.eventBytes);
  }
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
