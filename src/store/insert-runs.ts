// Consecutive plain single-row INSERTs of one statement become one INSERT … SELECT over a
// JSON array of the rows: each statement run is a round trip through the sqlite3 thread
// pool, and sqlite3 binds every parameter on the main thread (about a microsecond each), so a
// burst of events costs one run and one bound string per 1024 rows, and sqlite reads the rows
// out of the JSON on its own thread.
import type { SqlParams } from './sqlite.js';
import type { WriteOp } from './write-batcher.js';

/** Rows per multi-row statement at most. */
export const MAX_ROWS_PER_INSERT = 1024;
const SINGLE_ROW_INSERT = /^INSERT INTO (\w+) \(([\w, ]+)\)\s+VALUES \((?:\?, )*\?\)$/;

export interface Run {
  sql: string;
  params: SqlParams;
}

/** The statements that write `ops` in order; rows of consecutive identical plain inserts are merged. */
export function insertRuns(ops: readonly WriteOp[]): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < ops.length) {
    const multi = multiRowSql(ops[i].sql);
    let end = i + 1;
    if (multi) while (end < ops.length && ops[end].sql === ops[i].sql) end += 1;
    if (!multi || end - i === 1) {
      runs.push({ sql: ops[i].sql, params: ops[i].params });
      i = end;
      continue;
    }
    while (i < end) {
      const stop = Math.min(end, i + MAX_ROWS_PER_INSERT);
      const rows: SqlParams[] = [];
      for (let k = i; k < stop; k += 1) rows.push(ops[k].params);
      runs.push({ sql: multi, params: [JSON.stringify(rows)] });
      i = stop;
    }
  }
  return runs;
}

const multiRowText = new Map<string, string | null>();

// `INSERT INTO t (a, b) SELECT value ->> 0, value ->> 1 FROM json_each(?)`, or null for a statement
// that is not a plain single-row insert; worked out once per statement text.
function multiRowSql(sql: string): string | null {
  let text = multiRowText.get(sql);
  if (text === undefined) {
    const match = SINGLE_ROW_INSERT.exec(sql);
    const values = match ? match[2].split(',').map((_, index) => `value ->> ${index}`) : null;
    text = match && values ? `INSERT INTO ${match[1]} (${match[2]}) SELECT ${values.join(', ')} FROM json_each(?)` : null;
    multiRowText.set(sql, text);
  }
  return text;
}
