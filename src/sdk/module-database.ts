// The module's own sqlite database under BLVM_DATA_DIR/db/. The sqlite3 driver is loaded only
// when a module opens a database, so modules that keep no data stay light.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { storePath } from '../module-db/backends.js';

export type SqlParams = readonly unknown[];

interface Driver {
  Database: new (file: string, mode: number, callback: (err: Error | null) => void) => RawDb;
  OPEN_READWRITE: number;
  OPEN_CREATE: number;
}

interface RawDb {
  run(sql: string, params: unknown[], callback: (this: { lastID: number; changes: number }, err: Error | null) => void): void;
  get(sql: string, params: unknown[], callback: (err: Error | null, row: unknown) => void): void;
  all(sql: string, params: unknown[], callback: (err: Error | null, rows: unknown[]) => void): void;
  exec(sql: string, callback: (err: Error | null) => void): void;
  close(callback: (err: Error | null) => void): void;
}

export class ModuleDatabase {
  private closed = false;

  private constructor(
    private readonly db: RawDb,
    readonly file: string,
  ) {}

  /** Opens (creating it if needed) `<dataDir>/db/<name>.sqlite` in WAL mode. */
  static async open(dataDir: string, name: string): Promise<ModuleDatabase> {
    const dir = join(dataDir, 'db');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return ModuleDatabase.openFile(storePath(dir, 'sqlite', name));
  }

  /** Opens (creating it if needed) one sqlite file in WAL mode. */
  static async openFile(file: string): Promise<ModuleDatabase> {
    const driver = ((await import('sqlite3')) as unknown as { default: Driver }).default;
    const raw = await new Promise<RawDb>((resolve, reject) => {
      const db: RawDb = new driver.Database(file, driver.OPEN_READWRITE | driver.OPEN_CREATE, (err) => (err ? reject(err) : resolve(db)));
    });
    const database = new ModuleDatabase(raw, file);
    await database.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
    return database;
  }

  run(sql: string, params: SqlParams = []): Promise<{ lastID: number; changes: number }> {
    return new Promise((resolve, reject) => {
      this.db.run(sql, [...params], function (err) {
        if (err) reject(err);
        else resolve({ lastID: this.lastID, changes: this.changes });
      });
    });
  }

  get<T = Record<string, unknown>>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => this.db.get(sql, [...params], (err, row) => (err ? reject(err) : resolve(row as T | undefined))));
  }

  all<T = Record<string, unknown>>(sql: string, params: SqlParams = []): Promise<T[]> {
    return new Promise((resolve, reject) => this.db.all(sql, [...params], (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
  }

  /** Runs statements without parameters. */
  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  /** Runs `work` in one transaction, rolled back when it throws. Do not interleave other writes meanwhile. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.exec('BEGIN IMMEDIATE');
    try {
      const result = await work();
      await this.exec('COMMIT');
      return result;
    } catch (error) {
      await this.exec('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
  }
}
