import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { RESERVE_BLOCK } from '../../src/store/event-sequencer.js';
import { SqliteDb } from '../../src/store/sqlite.js';
import { waitUntil } from '../../src/testing/wait.js';
import { openTestStore, tempDir } from './helpers.js';

const writer = fileURLToPath(new URL('../fixtures/process/store-writer.js', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

// Runs the event writer until it has handed out `count` numbers, SIGKILLs it, returns every number it printed.
async function handOutThenKill(file: string, count: number): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, file, 'events'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const seen: number[] = [];
  let rest = '';
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = (rest + String(chunk)).split('\n');
        rest = lines.pop() ?? '';
        seen.push(...lines.map(Number));
        if (seen.length >= count) resolve();
      });
      child.on('exit', (code) => reject(new Error(`the event writer exited on its own (code ${code})`)));
    });
  } finally {
    child.kill('SIGKILL');
  }
  await exited;
  return seen;
}

test('sequence numbers handed out before a SIGKILL are never handed out again, committed or not (issue 14)', async (t) => {
  const file = path.join(await tempDir(t), 'blvm.sqlite');
  const handedOut = new Set<number>();
  for (const count of [300, 50, 700]) {
    for (const seq of await handOutThenKill(file, count)) {
      t.false(handedOut.has(seq), `number ${seq} was handed out twice`);
      handedOut.add(seq);
    }
  }
  const store = await openTestStore(t, file);
  const next = await store.appendEvent({ type: 'after', source: 'test', payload: null });
  t.true(next > Math.max(...handedOut), `the next number (${next}) is above every number handed out before (${Math.max(...handedOut)})`);
  const rows = await store.readEvents({ fromSeq: 0, limit: 10_000 });
  for (let i = 1; i < rows.length; i++) t.true(rows[i].seq > rows[i - 1].seq);
  t.true(rows.every((r) => handedOut.has(r.seq) || r.seq === next), 'the log holds only numbers that were handed out');
});

test('a clean close gives the unused reservation back, so numbering continues without a gap', async (t) => {
  const file = path.join(await tempDir(t), 'blvm.sqlite');
  const first = await openTestStore(t, file);
  for (let i = 0; i < 3; i++) await first.appendEvent({ type: 'x', source: 'test', payload: i });
  await first.close();
  const second = await openTestStore(t, file);
  t.is(await second.appendEvent({ type: 'x', source: 'test', payload: 3 }), 4);
});

test('commits are reported with the sequence numbers they made durable, in order', async (t) => {
  const store = await openTestStore(t, path.join(await tempDir(t), 'blvm.sqlite'), { batchInterval: 600_000 });
  const reported: number[][] = [];
  store.onEventsCommitted((seqs, outcome) => outcome === 'committed' && reported.push([...seqs]));
  const seqs = [];
  for (let i = 0; i < 5; i++) seqs.push(await store.appendEvent({ type: 'x', source: 'test', payload: i }));
  t.deepEqual(reported, [], 'nothing is reported before the commit');
  t.is(store.lastCommittedEventSeq, 0);
  await store.flush();
  t.deepEqual(reported, [seqs]);
  t.is(store.lastCommittedEventSeq, seqs[4]);
});

test('the event log is retained by bytes as well as by count: the oldest events go first (issue 13)', async (t) => {
  const store = await openTestStore(t, path.join(await tempDir(t), 'blvm.sqlite'), { retentionEventBytes: 10_000, batchInterval: 600_000 });
  const pad = 'x'.repeat(1000);
  for (let i = 1; i <= 30; i++) {
    await store.appendEvent({ type: 'blob', source: 'test', payload: { i, pad } });
    if (i % 4 === 0) await store.flush();
  }
  await store.flush();
  const rows = await store.readEvents({ fromSeq: 0, limit: 100 });
  const bytes = rows.reduce((sum, r) => sum + JSON.stringify(r.payload).length + 'blob'.length + 'test'.length + 24, 0);
  t.true(bytes <= 10_000, `${bytes} bytes kept`);
  t.true(rows.length >= 8, `${rows.length} events kept`);
  t.deepEqual(rows.map((r) => (r.payload as { i: number }).i), Array.from({ length: rows.length }, (_, k) => 31 - rows.length + k), 'the newest ones, in order');
});

test('oldestEventSeq tells what retention deleted, not where skipped numbers resume, so a caught-up cursor sees no false gap', async (t) => {
  const file = path.join(await tempDir(t), 'blvm.sqlite');
  const first = await openTestStore(t, file, { retentionEvents: 3 });
  for (let i = 1; i <= 3; i++) await first.appendEvent({ type: 'x', source: 'test', payload: i });
  await first.close();
  const db = await SqliteDb.open(file);
  await db.run("UPDATE meta SET value = '100' WHERE key = 'events.reserved_through'");
  await db.close();
  const second = await openTestStore(t, file, { retentionEvents: 3 });
  for (let i = 4; i <= 6; i++) await second.appendEvent({ type: 'x', source: 'test', payload: i });
  await second.flush();
  t.deepEqual((await second.readEvents({ fromSeq: 0, limit: 10 })).map((e) => e.seq), [101, 102, 103], 'numbering resumed after the reserved range');
  t.is(await second.oldestEventSeq(), 4, 'events 1–3 were pruned; 4–100 were never used');
});

test('a burst of large events commits in transactions of about 1 MiB, so the file never grows by a whole burst (issue 13)', async (t) => {
  const store = await openTestStore(t, path.join(await tempDir(t), 'blvm.sqlite'), { batchInterval: 600_000 });
  const commits: number[][] = [];
  store.onEventsCommitted((seqs, outcome) => outcome === 'committed' && commits.push([...seqs]));
  const pad = 'x'.repeat(64 * 1024);
  const seqs = [];
  for (let i = 0; i < 40; i++) seqs.push(store.appendEvent({ type: 'blob', source: 'test', payload: { pad } }));
  await Promise.all(seqs);
  await store.flush();
  t.deepEqual(commits.flat(), await Promise.all(seqs), 'every event committed once, in order');
  t.true(commits.length >= 3, `${commits.length} transactions for 2.5 MiB of events`);
  t.true(commits.every((c) => c.length <= 17), `at most 1 MiB + one event each: ${commits.map((c) => c.length).join(', ')}`);
});

test('a burst beyond the reserved block of sequence numbers commits in a few batches, not one commit per event (issue 19)', async (t) => {
  const store = await openTestStore(t, path.join(await tempDir(t), 'blvm.sqlite'), { retentionEvents: 100_000 });
  let commits = 0;
  store.onCommit!(() => (commits += 1));
  const count = RESERVE_BLOCK * 2 + 500;
  const seqs = await Promise.all(Array.from({ length: count }, (_, i) => store.appendEvent({ type: 'bench.tick', source: 'test', payload: { i } })));
  await store.flush();
  t.deepEqual(seqs, Array.from({ length: count }, (_, i) => i + 1), 'numbers are handed out in order, without gaps');
  t.true(commits < 20, `${count} events took ${commits} commits`);
  t.is(store.lastCommittedEventSeq, count);
});

test('whenCommitted resolves once the event is readable from another connection, long before the batch interval, and waiters arriving together share a commit (issue 19)', async (t) => {
  const file = path.join(await tempDir(t), 'blvm.sqlite');
  const store = await openTestStore(t, file, { batchInterval: 3_600_000 });
  let commits = 0;
  store.onCommit!(() => (commits += 1));
  const seqs = await Promise.all(Array.from({ length: 500 }, (_, i) => store.appendEvent({ type: 'mod.tick', source: 'mod', payload: { i } })));
  let settled: string | null = null;
  Promise.all(seqs.map((seq) => store.whenCommitted(seq))).then(
    () => (settled = 'committed'),
    (error: unknown) => (settled = String(error)),
  );
  t.is(await waitUntil(() => settled ?? undefined, { timeoutMs: 10_000, message: 'the 500 awaited events to commit' }), 'committed');
  const reader = await SqliteDb.open(file);
  t.teardown(() => reader.close());
  const row = await reader.get<{ count: number }>('SELECT COUNT(*) AS count FROM events WHERE type = ?', ['mod.tick']);
  t.is(row?.count, 500, 'every awaited event is committed');
  t.true(commits <= 2, `500 events queued in one turn took ${commits} commits`);
  t.is(store.lastCommittedEventSeq, seqs[seqs.length - 1]);
});

test('whenCommitted of an event committed already resolves at once', async (t) => {
  const store = await openTestStore(t, path.join(await tempDir(t), 'blvm.sqlite'));
  const seq = await store.appendEvent({ type: 'mod.tick', source: 'mod', payload: null });
  await store.flush();
  let commits = 0;
  store.onCommit!(() => (commits += 1));
  await store.whenCommitted(seq);
  t.is(commits, 0);
});
