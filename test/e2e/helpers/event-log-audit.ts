// Reads what a node committed, straight from its sqlite files (WAL readers never block the
// daemon): the event log, the active chain, and the event-journal module's journal. Used by
// the exactly-once tests to compare them.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SqliteDb } from '../../../src/store/sqlite.js';
import { sleep } from '../../../src/testing/isolated-node.js';

/** Polls `probe` until it reports done; past the deadline, fails naming `what` and the last detail. */
export async function pollUntil<T>(what: string, deadlineMs: number, probe: () => Promise<{ done: boolean; value: T; detail: string }>): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const r = await probe();
    if (r.done) return r.value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${deadlineMs} ms: ${r.detail}`);
    await sleep(100);
  }
}

export interface LogRow {
  seq: number;
  type: string;
  source: string;
  payload: string;
}

async function readAll<T>(file: string, sql: string): Promise<T[]> {
  const db = await SqliteDb.open(file);
  try {
    return await db.all<T>(sql);
  } finally {
    await db.close();
  }
}

export function readEventLog(dataDir: string): Promise<LogRow[]> {
  return readAll<LogRow>(join(dataDir, 'blvm.sqlite'), 'SELECT seq, type, source, payload FROM events ORDER BY seq');
}

/** Block hashes of the active chain above genesis, by height. */
export async function activeChain(dataDir: string): Promise<string[]> {
  const rows = await readAll<{ hash: string; prev: string | null; height: number; tip: string }>(
    join(dataDir, 'chain.sqlite'),
    'SELECT h.hash, h.prev, h.height, t.hash AS tip FROM headers h, tip t',
  );
  const byHash = new Map(rows.map((r) => [r.hash, r]));
  const chain: string[] = [];
  for (let e = byHash.get(rows[0]?.tip ?? ''); e && e.height > 0; e = e.prev === null ? undefined : byHash.get(e.prev)) chain.unshift(e.hash);
  return chain;
}

/** Where the event-journal module keeps its journal (somewhere under its data dir). */
async function journalFile(dataDir: string): Promise<string | null> {
  const root = join(dataDir, 'modules', 'event-journal');
  const entries = await readdir(root, { recursive: true }).catch(() => [] as string[]);
  const found = entries.find((e) => e.endsWith('journal.sqlite'));
  return found ? join(root, found) : null;
}

export async function readJournal(dataDir: string): Promise<LogRow[]> {
  const file = await journalFile(dataDir);
  if (!file) return [];
  return readAll<LogRow>(file, 'SELECT seq, type, source, data AS payload FROM events ORDER BY seq');
}

/** Problems with chain events: every active block has NewBlock minus BlockDisconnected = 1, every other block 0. */
export function chainEventProblems(log: readonly LogRow[], chain: readonly string[]): string[] {
  const net = new Map<string, number>();
  for (const row of log) {
    if (row.type !== 'NewBlock' && row.type !== 'BlockDisconnected') continue;
    const hash = (JSON.parse(row.payload) as { hash: string }).hash;
    net.set(hash, (net.get(hash) ?? 0) + (row.type === 'NewBlock' ? 1 : -1));
  }
  const problems: string[] = [];
  const active = new Set(chain);
  chain.forEach((hash, i) => {
    if (net.get(hash) !== 1) problems.push(`block ${i + 1} ${hash} on the active chain has NewBlock - BlockDisconnected = ${net.get(hash) ?? 0}`);
  });
  for (const [hash, n] of net) if (!active.has(hash) && n !== 0) problems.push(`block ${hash} off the active chain has NewBlock - BlockDisconnected = ${n}`);
  return problems;
}
