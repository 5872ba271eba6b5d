// The mempool's table in chain.sqlite: one row per transaction in acceptance order, written in
// the same transactions as the tip changes that evict or return them, so a crash keeps both or neither.
import type { SqliteDb } from '../store/sqlite.js';
import { parseTransaction } from '../chain/tx-codec.js';
import type { PoolEntry } from './pool-state.js';

export const MEMPOOL_SCHEMA = `
CREATE TABLE IF NOT EXISTS mempool (
  txid TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  raw BLOB NOT NULL,
  fee INTEGER NOT NULL,
  vsize INTEGER NOT NULL,
  weight INTEGER NOT NULL,
  time INTEGER NOT NULL
);
`;

interface MempoolRow {
  txid: string;
  raw: Buffer;
  fee: number;
  vsize: number;
  weight: number;
  time: number;
}

/** Every mempool transaction, oldest first (parents before children). */
export async function loadPoolRows(db: SqliteDb): Promise<PoolEntry[]> {
  const rows = await db.all<MempoolRow>('SELECT txid, raw, fee, vsize, weight, time FROM mempool ORDER BY seq');
  return rows.map(toEntry);
}

/** One mempool transaction, if held. */
export async function readPoolRow(db: SqliteDb, txid: string): Promise<PoolEntry | undefined> {
  const row = await db.get<MempoolRow>('SELECT txid, raw, fee, vsize, weight, time FROM mempool WHERE txid = ?', [txid]);
  return row === undefined ? undefined : toEntry(row);
}

function toEntry(r: MempoolRow): PoolEntry {
  return { txid: r.txid, raw: r.raw, tx: parseTransaction(r.raw), fee: BigInt(r.fee), vsize: r.vsize, weight: r.weight, time: r.time };
}

export async function countPoolRows(db: SqliteDb): Promise<number> {
  return (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM mempool'))?.n ?? 0;
}

export async function insertPoolRow(db: SqliteDb, e: PoolEntry): Promise<void> {
  await db.run('INSERT INTO mempool (txid, seq, raw, fee, vsize, weight, time) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM mempool), ?, ?, ?, ?, ?)', [
    e.txid,
    e.raw,
    Number(e.fee),
    e.vsize,
    e.weight,
    e.time,
  ]);
}

export async function clearPoolRows(db: SqliteDb): Promise<void> {
  await db.run('DELETE FROM mempool');
}
