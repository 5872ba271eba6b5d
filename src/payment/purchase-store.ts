// The node's purchases (data/payments.sqlite): every module purchase recorded by this node with
// its transaction and payees, and the BIP47 notifications it sent. A purchase becomes a licence only while its proof holds.
import { join } from 'node:path';
import { SqliteDb } from '../store/sqlite.js';
import type { Purchase } from './purchase.js';

export const PAYMENTS_DB_FILE = 'payments.sqlite';

const SCHEMA = `
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TABLE IF NOT EXISTS purchases (txid TEXT NOT NULL, module TEXT NOT NULL, json TEXT NOT NULL, recorded_at INTEGER NOT NULL, PRIMARY KEY (module, txid));
CREATE TABLE IF NOT EXISTS notifications (payment_code TEXT PRIMARY KEY, txid TEXT NOT NULL, recorded_at INTEGER NOT NULL);
`;

/** A BIP47 notification transaction this node sent to a recipient code. */
export interface Notification {
  payment_code: string;
  txid: string;
  recorded_at: number;
}

export class PurchaseStore {
  private constructor(private readonly db: SqliteDb) {}

  static async open(dataDir: string): Promise<PurchaseStore> {
    return new PurchaseStore(await SqliteDb.openWithSchema(join(dataDir, PAYMENTS_DB_FILE), SCHEMA));
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

  async recordNotification(notification: Notification): Promise<void> {
    await this.db.run('INSERT OR IGNORE INTO notifications (payment_code, txid, recorded_at) VALUES (?, ?, ?)', [notification.payment_code, notification.txid, notification.recorded_at]);
  }

  /** Every recipient code this node has notified, oldest first. */
  notifications(): Promise<Notification[]> {
    return this.db.all<Notification>('SELECT payment_code, txid, recorded_at FROM notifications ORDER BY recorded_at, payment_code');
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
