// Reads and writes of the chain store's tables; every write here runs inside the caller's
// transaction.
import type { SqliteDb } from '../store/sqlite.js';
import type { HeaderStatus, IndexEntry } from './block-index.js';
import { uint256Hex } from './hash.js';

export interface HeaderRow {
  seq: number;
  hash: string;
  prev: string | null;
  height: number;
  chainwork: string;
  status: HeaderStatus;
  has_block: number;
  tx_count: number | null;
  header: Buffer;
}

// sqlite allows 32766 bound variables per statement; stay well below.
const ROWS_PER_INSERT = 300;
const HASHES_PER_UPDATE = 500;

export function loadHeaderRows(db: SqliteDb): Promise<HeaderRow[]> {
  return db.all<HeaderRow>(
    'SELECT rowid AS seq, hash, prev, height, chainwork, status, has_block, tx_count, header FROM headers ORDER BY height, rowid',
  );
}

export async function readTipHash(db: SqliteDb): Promise<string | undefined> {
  return (await db.get<{ hash: string }>('SELECT hash FROM tip WHERE id = 1'))?.hash;
}

export async function insertHeaderRow(db: SqliteDb, entry: IndexEntry, header: Uint8Array): Promise<void> {
  await db.run(
    'INSERT INTO headers (rowid, hash, prev, height, chainwork, status, has_block, tx_count, header) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [entry.seq, entry.hash, entry.parent?.hash ?? null, entry.height, uint256Hex(entry.chainwork), entry.status, entry.hasBlock ? 1 : 0, entry.txCount, Buffer.from(header)],
  );
}

export async function insertBlockRow(db: SqliteDb, entry: IndexEntry, raw: Uint8Array): Promise<void> {
  await db.run('INSERT INTO blocks (hash, raw) VALUES (?, ?)', [entry.hash, Buffer.from(raw)]);
  await db.run('UPDATE headers SET has_block = 1, tx_count = ? WHERE hash = ?', [entry.txCount, entry.hash]);
}

export async function setStatusRows(db: SqliteDb, entries: readonly IndexEntry[], status: HeaderStatus): Promise<void> {
  for (let i = 0; i < entries.length; i += HASHES_PER_UPDATE) {
    const part = entries.slice(i, i + HASHES_PER_UPDATE);
    await db.run(`UPDATE headers SET status = ? WHERE hash IN (${part.map(() => '?').join(',')})`, [status, ...part.map((e) => e.hash)]);
  }
}

export async function indexTransactions(db: SqliteDb, blockHash: string, txids: readonly string[]): Promise<void> {
  for (let i = 0; i < txids.length; i += ROWS_PER_INSERT) {
    const part = txids.slice(i, i + ROWS_PER_INSERT);
    const params = part.flatMap((txid, j) => [txid, blockHash, i + j]);
    await db.run(`INSERT OR REPLACE INTO txindex (txid, block_hash, position) VALUES ${part.map(() => '(?, ?, ?)').join(', ')}`, params);
  }
}

export async function unindexTransactions(db: SqliteDb, blockHash: string): Promise<void> {
  await db.run('DELETE FROM txindex WHERE block_hash = ?', [blockHash]);
}

export async function writeTip(db: SqliteDb, hash: string): Promise<void> {
  await db.run('INSERT INTO tip (id, hash) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET hash = excluded.hash', [hash]);
}

export async function readHeaderBytes(db: SqliteDb, hash: string): Promise<Buffer | undefined> {
  return (await db.get<{ header: Buffer }>('SELECT header FROM headers WHERE hash = ?', [hash]))?.header;
}

export async function readBlockBytes(db: SqliteDb, hash: string): Promise<Buffer | undefined> {
  return (await db.get<{ raw: Buffer }>('SELECT raw FROM blocks WHERE hash = ?', [hash]))?.raw;
}

export function readTxLocation(db: SqliteDb, txid: string): Promise<{ block_hash: string; position: number } | undefined> {
  return db.get<{ block_hash: string; position: number }>('SELECT block_hash, position FROM txindex WHERE txid = ?', [txid]);
}
