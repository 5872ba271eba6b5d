// Opens the node store: WAL file, integrity check, migrations, batched writer.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { BlvmError, errorText, isBlvmError } from '../errors.js';
import { EventSequencer, RESERVED_KEY } from './event-sequencer.js';
import { migrate } from './migrations.js';
import { Retention, type RetentionLimits } from './retention.js';
import { SqliteDb } from './sqlite.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store, StoreOptions } from './types.js';
import { WriteBatcher } from './write-batcher.js';

const BUSY_TIMEOUT_MS = 5_000;
/** The WAL file is truncated back to this size after a checkpoint, so it cannot keep a burst's size. */
const JOURNAL_SIZE_LIMIT = 4 * 1024 * 1024;

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
    eventBytes: positiveInteger('retentionEventBytes', options.retentionEventBytes ?? Number.MAX_SAFE_INTEGER),
  };
  const absolute = path.resolve(file);
  let db: SqliteDb | undefined;
  try {
    await mkdir(path.dirname(absolute), { recursive: true });
    db = await SqliteDb.open(absolute);
    await prepareFile(db);
    await migrate(db);
    const row = await db.get<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM events');
    const reserved = await db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [RESERVED_KEY]);
    const sequencer = EventSequencer.resume(row?.seq ?? 0, reserved ? Number(JSON.parse(reserved.value)) : 0);
    const opened = db;
    let store: SqliteStore | undefined;
    const retention = new Retention(limits);
    const batcher = new WriteBatcher(opened, {
      interval,
      log: options.log,
      beforeWrites: (conn, ops) => retention.beforeWrites(conn, ops),
      afterWrites: (conn, ops) => retention.afterWrites(conn, ops),
      hooksIdle: (ops) => retention.idle(ops),
      afterCommit: (ops) => {
        retention.committed();
        store?.committed(ops);
      },
      afterDrop: (ops) => store?.dropped(ops),
    });
    store = new SqliteStore(opened, batcher, options.log, sequencer);
    store.reserveIfLow();
    await store.flush().catch((error: unknown) => options.log.error('store cannot reserve event sequence numbers yet', { file: absolute, reason: errorText(error) }));
    options.log.debug('store opened', { file: absolute });
    return store;
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
  await db.exec(`PRAGMA journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  await db.quickCheck();
}
