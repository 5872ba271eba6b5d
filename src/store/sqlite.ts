// Promise wrappers over the callback API of sqlite3: only what the store needs.
import sqlite3 from 'sqlite3';
import type { Database, Statement } from 'sqlite3';

export type SqlParams = readonly unknown[];

export interface RunResult {
  lastID: number;
  changes: number;
}

export class PreparedStatement {
  constructor(private readonly stmt: Statement) {}

  run(params: SqlParams): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      // sqlite3 only reads the array: the caller's is passed as is, not copied.
      this.stmt.run(params as unknown[], function (this: RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ lastID: this.lastID, changes: this.changes });
      });
    });
  }

  finalize(): Promise<void> {
    return new Promise((resolve) => {
      this.stmt.finalize(() => resolve());
    });
  }
}

export class SqliteDb {
  private constructor(
    private readonly db: Database,
    readonly file: string,
  ) {}

  /** Opens (and, when missing, creates) a database file; rejects with sqlite's error. */
  static open(file: string): Promise<SqliteDb> {
    return new Promise((resolve, reject) => {
      const db: Database = new sqlite3.Database(file, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE, (err) => {
        if (err) reject(err);
        else resolve(new SqliteDb(db, file));
      });
    });
  }

  /** Opens `file` and runs `schema` (idempotent CREATE … IF NOT EXISTS statements and pragmas) on it. */
  static async openWithSchema(file: string, schema: string): Promise<SqliteDb> {
    const db = await SqliteDb.open(file);
    await db.exec(schema);
    return db;
  }

  run(sql: string, params: SqlParams = []): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      this.db.run(sql, [...params], function (this: RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ lastID: this.lastID, changes: this.changes });
      });
    });
  }

  get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.db.get<T>(sql, [...params], (err, row) => (err ? reject(err) : resolve(row)));
    });
  }

  all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.db.all<T>(sql, [...params], (err, rows) => (err ? reject(err) : resolve(rows)));
    });
  }

  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.db.exec(sql, (err) => (err ? reject(err) : resolve()));
    });
  }

  /**
   * `PRAGMA quick_check`, so a damaged file fails at open and not mid-run. The check reads every
   * page into this connection's cache (up to 2 MiB of a large file, kept for the daemon's life),
   * so the cache is handed back after it (docs/benchmarks.md, "Idle daemon").
   */
  async quickCheck(): Promise<void> {
    const check = await this.all<{ quick_check: string }>('PRAGMA quick_check');
    const problems = check.map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (problems.length > 0) throw new Error(`integrity check failed: ${problems.slice(0, 5).join('; ')}`);
    await this.exec('PRAGMA shrink_memory');
  }

  prepare(sql: string): Promise<PreparedStatement> {
    return new Promise((resolve, reject) => {
      const stmt: Statement = this.db.prepare(sql, (err) => (err ? reject(err) : resolve(new PreparedStatement(stmt))));
    });
  }

  /** Runs `work` inside one transaction, rolling back when it throws. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.exec('BEGIN IMMEDIATE');
    try {
      const result = await work();
      await this.exec('COMMIT');
      return result;
    } catch (err) {
      await this.exec('ROLLBACK').catch(() => {});
      throw err;
    }
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.db.close((err) => (err ? reject(err) : resolve()));
    });
  }
}
