// The UTXO set and undo data in the chain store: connecting a block of the best chain runs the
// input rules against the stored coins (src/chain/block-inputs.ts), then spends and creates
// coins and keeps the spent ones as the block's undo record; disconnecting deletes the coins
// the block created and restores the undo record. Both run inside the tip change's transaction.
import { BlvmError } from '../errors.js';
import type { SqliteDb } from '../store/sqlite.js';
import type { IndexEntry } from './block-index.js';
import { checkBlockInputs, type BlockInputs } from './block-inputs.js';
import type { ChainCore } from './chain-core.js';
import { CHAIN_SCHEMA_VERSION } from './chain-db.js';
import type { Rejection } from './chain-views.js';
import { decodeUndo, encodeUndo, outpointKey, type Coin, type KeyedCoin } from './coins.js';
import { toDisplayHex } from './hash.js';
import { blockTxids } from './merkle.js';
import { isUnspendable } from './script-types.js';
import { isCoinbase } from './tx-codec.js';
import type { Block } from './types.js';

const KEYS_PER_SELECT = 300;

interface CoinRow {
  outpoint: string;
  value: number;
  script: Buffer;
  height: number;
  coinbase: number;
}

const rejections = new WeakMap<BlvmError, Rejection>();

/** The rejection a failed connect carries, when `error` is one. */
export function connectRejection(error: unknown): Rejection | undefined {
  return error instanceof BlvmError ? rejections.get(error) : undefined;
}

/** Stored coins among `keys`. */
export async function readCoins(db: SqliteDb, keys: readonly string[]): Promise<Map<string, Coin>> {
  const found = new Map<string, Coin>();
  for (let i = 0; i < keys.length; i += KEYS_PER_SELECT) {
    const part = keys.slice(i, i + KEYS_PER_SELECT);
    const rows = await db.all<CoinRow>(`SELECT outpoint, value, script, height, coinbase FROM utxo WHERE outpoint IN (${part.map(() => '?').join(',')})`, part);
    for (const r of rows) found.set(r.outpoint, { value: BigInt(r.value), script: r.script, height: r.height, coinbase: r.coinbase === 1 });
  }
  return found;
}

/** Stored coins whose output script is one of `scripts` (the `utxo_script` index). */
export async function readCoinsByScript(db: SqliteDb, scripts: readonly Uint8Array[]): Promise<KeyedCoin[]> {
  const found: KeyedCoin[] = [];
  for (let i = 0; i < scripts.length; i += KEYS_PER_SELECT) {
    const part = scripts.slice(i, i + KEYS_PER_SELECT).map((s) => Buffer.from(s));
    const rows = await db.all<CoinRow>(`SELECT outpoint, value, script, height, coinbase FROM utxo WHERE script IN (${part.map(() => '?').join(',')})`, part);
    for (const r of rows) found.push({ key: r.outpoint, coin: { value: BigInt(r.value), script: r.script, height: r.height, coinbase: r.coinbase === 1 } });
  }
  return found;
}

/** Runs the input rules for `entry`'s block against the UTXO set; a failure throws, rolling back the whole change. */
export async function connectCoins(core: ChainCore, entry: IndexEntry, block: Block): Promise<BlockInputs> {
  const txids = blockTxids(block.transactions);
  const keys = block.transactions.flatMap((tx) => (isCoinbase(tx) ? [] : tx.inputs.map((i) => outpointKey(toDisplayHex(i.prevTxid), i.prevIndex))));
  if (entry.height < core.params.bip34Height) {
    txids.forEach((id, t) => block.transactions[t].outputs.forEach((_, v) => keys.push(outpointKey(toDisplayHex(id), v))));
  }
  const coins = await readCoins(core.db, keys);
  const inputs = checkBlockInputs(core.params, block, entry.hash, entry.height, txids, { get: (k) => coins.get(k), complete: true });
  const failed = inputs.results.flatMap((r) => (r.status === 'fail' ? [r] : []));
  if (failed.length > 0) {
    const rejection: Rejection = { index: 0, hash: entry.hash, height: entry.height, codes: failed.map((r) => r.code), problems: failed.map((r) => `${r.rule}: ${r.message}`) };
    const error = new BlvmError('protocol', `block ${entry.hash} at height ${entry.height} fails ${rejection.codes.join(', ')}`, { details: rejection.problems });
    rejections.set(error, rejection);
    throw error;
  }
  await deleteCoins(core.db, inputs.spent.map((c) => c.key));
  await insertCoins(core.db, inputs.created);
  await core.db.run('INSERT OR REPLACE INTO undo (hash, coins) VALUES (?, ?)', [entry.hash, encodeUndo(inputs.spent)]);
  return inputs;
}

/** Undoes `entry`'s block: its coins go, the coins it spent come back. */
export async function disconnectCoins(core: ChainCore, entry: IndexEntry, block: Block): Promise<void> {
  const row = await core.db.get<{ coins: Buffer }>('SELECT coins FROM undo WHERE hash = ?', [entry.hash]);
  if (row === undefined) throw new BlvmError('io', `chain store ${core.db.file} is inconsistent: no undo data for connected block ${entry.hash}`);
  const created = blockTxids(block.transactions).flatMap((id, t) =>
    block.transactions[t].outputs.flatMap((o, v) => (isUnspendable(o.scriptPubKey) ? [] : [outpointKey(toDisplayHex(id), v)])),
  );
  await deleteCoins(core.db, created);
  await insertCoins(core.db, decodeUndo(row.coins, `undo data of block ${entry.hash}`));
  await core.db.run('DELETE FROM undo WHERE hash = ?', [entry.hash]);
}

async function deleteCoins(db: SqliteDb, keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += KEYS_PER_SELECT) {
    const part = keys.slice(i, i + KEYS_PER_SELECT);
    await db.run(`DELETE FROM utxo WHERE outpoint IN (${part.map(() => '?').join(',')})`, part);
  }
}

async function insertCoins(db: SqliteDb, coins: readonly KeyedCoin[]): Promise<void> {
  const perInsert = Math.floor(KEYS_PER_SELECT / 5);
  for (let i = 0; i < coins.length; i += perInsert) {
    const part = coins.slice(i, i + perInsert);
    const params = part.flatMap((c) => [c.key, Number(c.coin.value), Buffer.from(c.coin.script), c.coin.height, c.coin.coinbase ? 1 : 0]);
    await db.run(`INSERT OR REPLACE INTO utxo (outpoint, value, script, height, coinbase) VALUES ${part.map(() => '(?, ?, ?, ?, ?)').join(', ')}`, params);
  }
}

/**
 * A file written before the UTXO set existed (schema 1): builds the set by connecting every
 * block of the best chain from height 1, in one transaction, then records schema 2.
 */
export async function upgradeCoins(core: ChainCore, loadBlock: (e: IndexEntry) => Promise<Block>): Promise<void> {
  const row = await core.db.get<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'");
  if (Number(row?.value) >= CHAIN_SCHEMA_VERSION) return;
  await core.db.transaction(async () => {
    for (let h = 1; h <= core.active.height; h++) {
      const entry = core.active.at(h) as IndexEntry;
      await connectCoins(core, entry, await loadBlock(entry));
    }
    await core.db.run("UPDATE meta SET value = ? WHERE key = 'schema_version'", [String(CHAIN_SCHEMA_VERSION)]);
  });
}
