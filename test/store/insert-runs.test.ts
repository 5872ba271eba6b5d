import test from 'ava';
import { insertRuns } from '../../src/store/insert-runs.js';
import type { WriteOp } from '../../src/store/write-batcher.js';

const EVENT = 'INSERT INTO events (seq, at) VALUES (?, ?)';
const META = 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value';
const op = (sql: string, ...params: unknown[]): WriteOp => ({ sql, params });

test('consecutive rows of one plain insert become multi-row inserts of a multiple of 16 rows and then the rest, in order (issue 19)', (t) => {
  const ops = Array.from({ length: 300 }, (_, i) => op(EVENT, i, i * 10));
  const runs = insertRuns(ops);
  t.deepEqual(
    runs.map((r) => (r.sql.match(/\(\?, \?\)/g) ?? []).length),
    [256, 32, 12],
  );
  t.deepEqual(insertRuns(ops.slice(0, 7)).map((r) => r.params.length / 2), [7]);
  t.deepEqual(runs.flatMap((r) => [...r.params]), ops.flatMap((o) => [...o.params]));
});

test('upserts and interleaved statements are run as they are, keeping the order of writes', (t) => {
  const ops = [op(EVENT, 1, 1), op(META, 'k', '1'), op(META, 'k', '2'), op(EVENT, 2, 2), op(EVENT, 3, 3)];
  t.deepEqual(insertRuns(ops), [
    { sql: EVENT, params: [1, 1] },
    { sql: META, params: ['k', '1'] },
    { sql: META, params: ['k', '2'] },
    { sql: `${EVENT}, (?, ?)`, params: [2, 2, 3, 3] },
  ]);
});
