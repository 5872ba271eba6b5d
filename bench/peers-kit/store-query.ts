// Read-only queries of a blvm node store: transition timestamps are what blvm's own latencies
// are measured from (taken by the daemon when the state changed, not when we polled).
import { join } from 'node:path';
import sqlite3 from 'sqlite3';

function query<T>(file: string, sql: string, params: unknown[]): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => err && reject(err));
    db.all(sql, params, (err, rows) => {
      db.close();
      if (err) reject(err);
      else resolve(rows as T[]);
    });
  });
}

/** Per module, the first time at or after `since` it entered `monitoring` (epoch ms, to 0.01 ms in the transition rows). */
export async function firstMonitoringSince(dataDir: string, since: number): Promise<Map<string, number>> {
  const rows = await query<{ module: string; at: number }>(
    join(dataDir, 'blvm.sqlite'),
    "SELECT module, MIN(at) AS at FROM transitions WHERE to_state LIKE 'monitoring%' AND at >= ? GROUP BY module",
    [since],
  );
  return new Map(rows.map((r) => [r.module, r.at]));
}

/** Polls the store until `count` modules have a monitoring transition since `since` (writes are batched). */
export async function waitMonitoringRows(dataDir: string, since: number, count: number, timeoutMs = 5_000): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await firstMonitoringSince(dataDir, since).catch(() => new Map<string, number>());
    if (rows.size >= count) return rows;
    if (Date.now() > deadline) throw new Error(`only ${rows.size} of ${count} monitoring transitions in the store after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Events in the store whose type starts with `prefix` (published before `before`): how many, and the first one's publish time. */
export async function storedEvents(dataDir: string, prefix: string, before = Number.MAX_SAFE_INTEGER): Promise<{ count: number; firstAt: number | null }> {
  const [row] = await query<{ count: number; firstAt: number | null }>(
    join(dataDir, 'blvm.sqlite'),
    'SELECT COUNT(*) AS count, MIN(at) AS firstAt FROM events WHERE type >= ? AND type < ? AND at < ?',
    [prefix, `${prefix}\uffff`, before],
  );
  return row;
}
