// Numbered schema migrations of the node store; applied versions are kept in `schema_version`.
import { BlvmError } from '../errors.js';
import type { SqliteDb } from './sqlite.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'modules, transitions, exits, events, meta',
    sql: `
      CREATE TABLE modules (
        name TEXT PRIMARY KEY,
        version TEXT,
        desired TEXT NOT NULL,
        phase TEXT NOT NULL,
        state TEXT NOT NULL,
        restarts INTEGER NOT NULL,
        quarantine TEXT,
        verification TEXT,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE transitions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        module TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        event TEXT NOT NULL
      );
      CREATE INDEX transitions_by_module ON transitions (module, id);
      CREATE TABLE exits (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        module TEXT NOT NULL,
        at INTEGER NOT NULL,
        code INTEGER,
        signal TEXT,
        reason TEXT NOT NULL,
        by_us INTEGER NOT NULL,
        uptime_ms INTEGER NOT NULL,
        detail TEXT,
        log_tail TEXT NOT NULL
      );
      CREATE INDEX exits_by_module ON exits (module, id);
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        type TEXT NOT NULL,
        source TEXT NOT NULL,
        payload TEXT NOT NULL
      );
      CREATE INDEX events_by_type ON events (type, seq);
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'event sizes, kept as a running total for retention by bytes',
    sql: `
      ALTER TABLE events ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
      UPDATE events SET bytes = length(CAST(payload AS BLOB)) + length(type) + length(source) + 24;
      CREATE TABLE event_log_size (id INTEGER PRIMARY KEY CHECK (id = 1), bytes INTEGER NOT NULL);
      INSERT INTO event_log_size (id, bytes) SELECT 1, COALESCE(SUM(bytes), 0) FROM events;
      CREATE TRIGGER events_size_insert AFTER INSERT ON events
        BEGIN UPDATE event_log_size SET bytes = bytes + NEW.bytes WHERE id = 1; END;
      CREATE TRIGGER events_size_delete AFTER DELETE ON events
        BEGIN UPDATE event_log_size SET bytes = bytes - OLD.bytes WHERE id = 1; END;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Brings the schema up to date; refuses a file written by a newer blvm. Returns the version. */
export async function migrate(db: SqliteDb, now: () => number = Date.now): Promise<number> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const row = await db.get<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_version');
  const current = row?.version ?? 0;
  if (current > LATEST_SCHEMA_VERSION) {
    throw new BlvmError(
      'conflict',
      `store ${db.file} has schema version ${current}, newer than this blvm supports (${LATEST_SCHEMA_VERSION})`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    await db.transaction(async () => {
      await db.exec(migration.sql);
      await db.run('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        now(),
      ]);
    });
  }
  return LATEST_SCHEMA_VERSION;
}
