// Retention pruning, run once per batch for what the batch wrote (never on every write).
import type { SqliteDb } from './sqlite.js';
import type { WriteOp } from './write-batcher.js';

export interface RetentionLimits {
  transitionsPerModule: number;
  exitsPerModule: number;
  events: number;
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
    await db.run('DELETE FROM events WHERE seq <= (SELECT MAX(seq) FROM events) - ?', [limits.events]);
  }
}

async function pruneModuleRows(db: SqliteDb, table: 'transitions' | 'exits', module: string, keep: number): Promise<void> {
  await db.run(
    `DELETE FROM ${table} WHERE module = ?1 AND id <= (SELECT id FROM ${table} WHERE module = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)`,
    [module, keep],
  );
}
