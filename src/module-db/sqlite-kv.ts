// The key-value store on sqlite: table blvm_kv (key BLOB, compared bytewise) in db/<name>.sqlite,
// the same file node.database(name) opens for SQL. Writes are serialised so a batch's
// transaction never takes in another write.
import { ModuleDatabase } from '../sdk/module-database.js';
import { KvBase, type KvRow } from './kv-base.js';
import { byteRange } from './key-range.js';
import type { KvRange } from './kv-types.js';

export const SQLITE_KV_TABLE = 'blvm_kv';

export class SqliteKv extends KvBase {
  readonly backend = 'sqlite';
  private writes: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: ModuleDatabase,
    readonly path: string,
  ) {
    super();
  }

  static async open(path: string): Promise<SqliteKv> {
    const db = await ModuleDatabase.openFile(path);
    await db.exec(`CREATE TABLE IF NOT EXISTS ${SQLITE_KV_TABLE} (key BLOB PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`);
    return new SqliteKv(db, path);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writes.then(work, work);
    this.writes = next.catch(() => {});
    return next;
  }

  protected async readText(key: Buffer): Promise<string | undefined> {
    return (await this.db.get<{ value: string }>(`SELECT value FROM ${SQLITE_KV_TABLE} WHERE key = ?`, [key]))?.value;
  }

  protected async writeRows(rows: KvRow[]): Promise<void> {
    await this.serial(() =>
      this.db.transaction(async () => {
        for (const { key, text } of rows) {
          if (text !== undefined) await this.db.run(`INSERT OR REPLACE INTO ${SQLITE_KV_TABLE} (key, value) VALUES (?, ?)`, [key, text]);
          else await this.db.run(`DELETE FROM ${SQLITE_KV_TABLE} WHERE key = ?`, [key]);
        }
      }),
    );
  }

  async entries<T = unknown>(range?: KvRange): Promise<[string, T][]> {
    const r = byteRange(range);
    const where: string[] = [];
    const params: unknown[] = [];
    if (r.gte) where.push('key >= ?') && params.push(r.gte);
    if (r.lt) where.push('key < ?') && params.push(r.lt);
    const sql =
      `SELECT key, value FROM ${SQLITE_KV_TABLE}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}` +
      ` ORDER BY key ${r.reverse ? 'DESC' : 'ASC'}${r.limit !== undefined ? ` LIMIT ${r.limit}` : ''}`;
    const rows = await this.db.all<{ key: Buffer; value: string }>(sql, params);
    return rows.map((row) => [Buffer.from(row.key).toString('utf8'), JSON.parse(row.value) as T]);
  }

  async close(): Promise<void> {
    await this.writes;
    await this.db.close();
  }
}
