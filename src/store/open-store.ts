// Opens the node store: WAL file, integrity check, migrations, batched writer.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { BlvmError, errorText, isBlvmError } from '../errors.js';
import { migrate } from './migrations.js';
import { pruneAfterBatch, type RetentionLimits } from './retention.js';
import { SqliteDb } from './sqlite.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store, StoreOptions } from './types.js';
import { WriteBatcher } from './write-batcher.js';

const BUSY_TIMEOUT_MS = 5_000;

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new BlvmError('usage', `store option ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/**
 * Opens (or creates) the store at `file`. A file that is not a readable, intact sqlite database
 * is an error naming the file: it is never recreated, since it holds quarantine evidence.
 */
export async function openStore(file: string, options: StoreOptions): Promise<Store> {
  const interval = positiveInteger('batchInterval', options.batchInterval ?? 100);
  const limits: RetentionLimits = {
    transitionsPerModule: positiveInteger('retentionTransitions', options.retentionTransitions),
    exitsPerModule: positiveInteger('retentionExits', options.retentionExits ?? 100),
    events: positiveInteger('retentionEvents', options.retentionEvents),
  };
  const absolute = path.resolve(file);
  let db: SqliteDb | undefined;
  try {
    await mkdir(path.dirname(absolute), { recursive: true });
    db = await SqliteDb.open(absolute);
    await prepareFile(db);
    await migrate(db);
    const row = await db.get<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM events');
    const opened = db;
    const batcher = new WriteBatcher(opened, {
      interval,
      log: options.log,
      afterWrites: (conn, ops) => pruneAfterBatch(conn, ops, limits),
    });
    options.log.debug('store opened', { file: absolute });
    return new SqliteStore(opened, batcher, options.log, (row?.seq ?? 0) + 1);
  } catch (err) {
    await db?.close().catch(() => {});
    if (isBlvmError(err)) throw err;
    throw new BlvmError('io', `cannot open store ${absolute}: ${errorText(err)}`, { cause: err });
  }
}

/** Pragmas plus a quick integrity check, so a damaged file fails at open and not mid-run. */
async function prepareFile(db: SqliteDb): Promise<void> {
  await db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const mode = await db.get<{ journal_mode: string }>('PRAGMA journal_mode = WAL');
  if (mode?.journal_mode.toLowerCase() !== 'wal') {
    throw new Error(`could not switch to WAL journal mode (got ${mode?.journal_mode ?? 'nothing'})`);
  }
  await db.exec('PRAGMA synchronous = NORMAL');
  const check = await db.all<{ quick_check: string }>('PRAGMA quick_check');
  const problems = check.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0) throw new Error(`integrity check failed: ${problems.slice(0, 5).join('; ')}`);
}
