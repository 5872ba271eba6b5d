// The node's purchases (data/payments.sqlite): every module purchase recorded by this node with
// its transaction and payees. A purchase becomes a licence only while its proof holds.
import { join } from 'node:path';
import { SqliteDb } from '../store/sqlite.js';
import type { Purchase } from './purchase.js';

export const PAYMENTS_DB_FILE = 'payments.sqlite';

const SCHEMA = `
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TABLE IF NOT EXISTS purchases (txid TEXT NOT NULL, module TEXT NOT NULL, json TEXT NOT NULL, recorded_at INTEGER NOT NULL, PRIMARY KEY (module, txid));
`;

export class PurchaseStore {
  private constructor(private readonly db: SqliteDb) {}

  static async open(dataDir: string): Promise<PurchaseStore> {
    const db = await SqliteDb.open(join(dataDir, PAYMENTS_DB_FILE));
    await db.exec(SCHEMA);
    return new PurchaseStore(db);
  }

  async record(purchase: Purchase): Promise<void> {
    await this.db.run('INSERT INTO purchases (txid, module, json, recorded_at) VALUES (?, ?, ?, ?) ON CONFLICT (module, txid) DO UPDATE SET json = excluded.json', [
      purchase.txid,
      purchase.module,
      JSON.stringify(purchase),
      purchase.recorded_at,
    ]);
  }

  /** Every purchase, or those of one module, oldest first. */
  async list(module?: string): Promise<Purchase[]> {
    const rows =
      module === undefined
        ? await this.db.all<{ json: string }>('SELECT json FROM purchases ORDER BY recorded_at, txid')
        : await this.db.all<{ json: string }>('SELECT json FROM purchases WHERE module = ? ORDER BY recorded_at, txid', [module]);
    return rows.map((r) => JSON.parse(r.json) as Purchase);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
