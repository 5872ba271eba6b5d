// Consecutive plain single-row INSERTs of one statement become multi-row INSERTs: each
// statement run is a round trip through the sqlite3 thread pool, so a burst of events costs
// at most two runs per 256 rows instead of one per row: a multiple of 16 rows, then the rest
// (under 16), so a table needs at most 31 prepared statements.
import type { SqlParams } from './sqlite.js';
import type { WriteOp } from './write-batcher.js';

/** Rows per multi-row statement at most (6 columns × 256 stays far below sqlite's 32766 variables). */
export const MAX_ROWS_PER_INSERT = 256;
/** Chunks are multiples of this many rows, plus one chunk of the rest. */
const ROW_STEP = 16;
const SINGLE_ROW_INSERT = /^INSERT INTO \w+ \([\w, ]+\)\s+VALUES (\((?:\?, )*\?\))$/;

export interface Run {
  sql: string;
  params: SqlParams;
}

/** The statements that write `ops` in order; rows of consecutive identical plain inserts are merged. */
export function insertRuns(ops: readonly WriteOp[]): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < ops.length) {
    const tuple = SINGLE_ROW_INSERT.exec(ops[i].sql)?.[1];
    let end = i + 1;
    if (tuple) while (end < ops.length && ops[end].sql === ops[i].sql) end += 1;
    if (!tuple || end - i === 1) {
      runs.push({ sql: ops[i].sql, params: ops[i].params });
      i = end;
      continue;
    }
    while (i < end) {
      const left = Math.min(end - i, MAX_ROWS_PER_INSERT);
      const rows = left < ROW_STEP ? left : left - (left % ROW_STEP);
      const params: unknown[] = [];
      for (let k = i; k < i + rows; k += 1) for (const value of ops[k].params) params.push(value);
      runs.push({ sql: sqlFor(ops[i].sql, tuple, rows), params });
      i += rows;
    }
  }
  return runs;
}

const multiRowSql = new Map<string, string>();

// The statement text of `rows` rows, made once per statement and size (it is also the prepared statement's key).
function sqlFor(sql: string, tuple: string, rows: number): string {
  const key = `${rows} ${sql}`;
  let text = multiRowSql.get(key);
  if (text === undefined) {
    text = `${sql}${`, ${tuple}`.repeat(rows - 1)}`;
    multiRowSql.set(key, text);
  }
  return text;
}
