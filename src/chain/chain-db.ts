// The chain store's sqlite file (data/chain.sqlite): pragmas, schema, and the network it
// belongs to, so a file made for one network is never opened by a node of another.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { BlvmError, errorText, isBlvmError } from '../errors.js';
import { SqliteDb } from '../store/sqlite.js';
import type { NetworkParams } from './params.js';
import { toDisplayHex } from './hash.js';
import { OUTBOX_SCHEMA } from './chain-outbox.js';
import { MEMPOOL_SCHEMA } from '../mempool/mempool-rows.js';

/**
 * 2: the UTXO set (`utxo`) and per-block undo data (`undo`). The `utxo_script` index (the
 * wallet's coin lookup) is created on every open; it holds no data of its own, so files with
 * and without it are both schema 2.
 */
export const CHAIN_SCHEMA_VERSION = 2;
const BUSY_TIMEOUT_MS = 5_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS headers (
  hash TEXT PRIMARY KEY,
  prev TEXT,
  height INTEGER NOT NULL,
  chainwork TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('valid', 'invalidated')),
  has_block INTEGER NOT NULL DEFAULT 0,
  tx_count INTEGER,
  header BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS headers_prev ON headers (prev);
CREATE INDEX IF NOT EXISTS headers_chainwork ON headers (chainwork);
CREATE TABLE IF NOT EXISTS blocks (hash TEXT PRIMARY KEY, raw BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS txindex (txid TEXT PRIMARY KEY, block_hash TEXT NOT NULL, position INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS txindex_block ON txindex (block_hash);
CREATE TABLE IF NOT EXISTS tip (id INTEGER PRIMARY KEY CHECK (id = 1), hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS utxo (outpoint TEXT PRIMARY KEY, value INTEGER NOT NULL, script BLOB NOT NULL, height INTEGER NOT NULL, coinbase INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS undo (hash TEXT PRIMARY KEY, coins BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS utxo_script ON utxo (script);
`;

/**
 * Opens (or creates) the chain store file for `params`' network. A file holding another
 * network's chain, a newer schema or damaged pages is an error naming the file.
 */
export async function openChainDb(file: string, params: NetworkParams): Promise<SqliteDb> {
  const absolute = path.resolve(file);
  let db: SqliteDb | undefined;
  try {
    await mkdir(path.dirname(absolute), { recursive: true });
    db = await SqliteDb.open(absolute);
    await db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const mode = await db.get<{ journal_mode: string }>('PRAGMA journal_mode = WAL');
    if (mode?.journal_mode.toLowerCase() !== 'wal') throw new Error(`could not switch to WAL journal mode (got ${mode?.journal_mode ?? 'nothing'})`);
    await db.exec('PRAGMA synchronous = NORMAL');
    await db.quickCheck();
    await db.exec(SCHEMA + OUTBOX_SCHEMA + MEMPOOL_SCHEMA);
    await claimNetwork(db, absolute, params);
    return db;
  } catch (err) {
    await db?.close().catch(() => {});
    if (isBlvmError(err)) throw err;
    throw new BlvmError('io', `cannot open chain store ${absolute}: ${errorText(err)}`, { cause: err });
  }
}

// Records the network and schema on first use; later opens must agree with both.
async function claimNetwork(db: SqliteDb, file: string, params: NetworkParams): Promise<void> {
  const rows = await db.all<{ key: string; value: string }>('SELECT key, value FROM meta');
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  const genesis = toDisplayHex(params.genesisHash);
  if (meta.size === 0) {
    await db.transaction(async () => {
      await db.run('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?), (?, ?)', [
        'network', params.network, 'genesis', genesis, 'schema_version', String(CHAIN_SCHEMA_VERSION),
      ]);
    });
    return;
  }
  const version = Number(meta.get('schema_version'));
  if (version > CHAIN_SCHEMA_VERSION) {
    throw new BlvmError('config_invalid', `chain store ${file} has schema version ${version}; this blvm reads up to ${CHAIN_SCHEMA_VERSION}`);
  }
  if (meta.get('network') !== params.network || meta.get('genesis') !== genesis) {
    throw new BlvmError(
      'config_invalid',
      `chain store ${file} holds the ${meta.get('network') ?? 'unknown'} chain but [node] network is ${params.network}; use another data_dir or move the file away`,
    );
  }
}
