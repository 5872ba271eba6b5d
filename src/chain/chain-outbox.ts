// The chain database's event outbox: the events of a tip change are written in the same
// transaction as the change, so a crash can never keep the change and lose its events. The
// node's event bus drains the rows into the event log (recording the last drained id in the
// same commit as the event) and the rows up to that id are deleted later; rows not yet drained
// at start are published again.
import { randomUUID } from 'node:crypto';
import type { SqliteDb } from '../store/sqlite.js';
import type { ChainEvent } from './chain-events.js';

/**
 * The outbox's name in the node store's drain marks (`outbox.chain.<file id>`): the id is made
 * when the chain file is created, so a new chain file never inherits an old file's mark.
 */
export async function outboxName(db: SqliteDb): Promise<string> {
  await db.run("INSERT OR IGNORE INTO meta (key, value) VALUES ('outbox_id', ?)", [randomUUID()]);
  const row = await db.get<{ value: string }>("SELECT value FROM meta WHERE key = 'outbox_id'");
  return `chain.${row?.value ?? 'unknown'}`;
}

/** A chain event with its outbox id. */
export type OutboxedChainEvent = ChainEvent & { id: number };

export const OUTBOX_SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, payload TEXT NOT NULL);
`;

/** Inside the caller's transaction: one row per event, in order; returns the events with their ids. */
export async function writeOutbox(db: SqliteDb, events: readonly ChainEvent[]): Promise<OutboxedChainEvent[]> {
  const written: OutboxedChainEvent[] = [];
  for (const event of events) {
    const { lastID } = await db.run('INSERT INTO outbox (type, payload) VALUES (?, ?)', [event.type, JSON.stringify(event.payload)]);
    written.push({ ...event, id: lastID } as OutboxedChainEvent);
  }
  return written;
}

/** Rows after `drained`, oldest first. */
export async function readOutbox(db: SqliteDb, drained: number): Promise<OutboxedChainEvent[]> {
  const rows = await db.all<{ id: number; type: string; payload: string }>('SELECT id, type, payload FROM outbox WHERE id > ? ORDER BY id', [drained]);
  return rows.map((r) => ({ id: r.id, type: r.type, payload: JSON.parse(r.payload) }) as OutboxedChainEvent);
}

/** Inside the caller's transaction: forgets rows the event log already holds. */
export async function pruneOutbox(db: SqliteDb, drained: number): Promise<void> {
  await db.run('DELETE FROM outbox WHERE id <= ?', [drained]);
}
