import test from 'ava';
import { insertRuns } from '../../src/store/insert-runs.js';
import type { WriteOp } from '../../src/store/write-batcher.js';

const EVENT = 'INSERT INTO events (seq, at) VALUES (?, ?)';
const META = 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value';
const op = (sql: string, ...params: unknown[]): WriteOp => ({ sql, params });

const MULTI = 'INSERT INTO events (seq, at) SELECT value ->> 0, value ->> 1 FROM json_each(?)';

test('consecutive rows of one plain insert become one insert over a JSON array of the rows per 1024 rows, in order (issue 19)', (t) => {
  const ops = Array.from({ length: 1500 }, (_, i) => op(EVENT, i, i * 10));
  const runs = insertRuns(ops);
  t.deepEqual(runs.map((r) => r.sql), [MULTI, MULTI]);
  const rows = runs.flatMap((r) => JSON.parse(r.params[0] as string) as unknown[][]);
  t.is((JSON.parse(runs[0].params[0] as string) as unknown[]).length, 1024);
  t.deepEqual(rows, ops.map((o) => [...o.params]));
});

test('upserts and interleaved statements are run as they are, keeping the order of writes', (t) => {
  const ops = [op(EVENT, 1, 1), op(META, 'k', '1'), op(META, 'k', '2'), op(EVENT, 2, 2), op(EVENT, 3, 3)];
  t.deepEqual(insertRuns(ops), [
    { sql: EVENT, params: [1, 1] },
    { sql: META, params: ['k', '1'] },
    { sql: META, params: ['k', '2'] },
    { sql: MULTI, params: ['[[2,2],[3,3]]'] },
  ]);
});
