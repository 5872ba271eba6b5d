import path from 'node:path';
import test from 'ava';
import { SqliteDb } from '../../src/store/sqlite.js';
import type { ModuleRecord } from '../../src/store/index.js';
import { exitRecord, openTestStore, tempDir } from './helpers.js';
import { waitUntil } from '../../src/testing/wait.js';

function moduleRecord(overrides: Partial<ModuleRecord> = {}): ModuleRecord {
  return {
    name: 'block-logger',
    version: '1.2.0',
    desired: 'enabled',
    phase: 'monitoring',
    state: 'monitoring.healthy',
    restarts: 0,
    quarantine: null,
    verification: { signatures: 2, keys: ['alice', 'bob'] },
    updated_at: 1_700_000_000_000,
    ...overrides,
  };
}

async function committedTransitions(file: string): Promise<number> {
  const db = await SqliteDb.open(file);
  try {
    return (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM transitions'))?.n ?? 0;
  } finally {
    await db.close();
  }
}

test('queued writes reach the file only when their batch commits, and flush commits them', async (t) => {
  const file = path.join(await tempDir(t), 'blvm.sqlite');
  const store = await openTestStore(t, file, { batchInterval: 600_000 });
  for (let i = 0; i < 5; i += 1) store.appendTransition({ at: i, module: 'a', from: 's0', to: 's1', event: 'go' });
  t.is(await committedTransitions(file), 0);
  await store.flush();
  t.is(await committedTransitions(file), 5);
});

test('a batch commits by itself after the batch interval', async (t) => {
  const file = path.join(await tempDir(t), 'blvm.sqlite');
  const store = await openTestStore(t, file, { batchInterval: 20 });
  store.appendTransition({ at: 1, module: 'a', from: 's0', to: 's1', event: 'go' });
  await waitUntil(async () => (await committedTransitions(file)) > 0, { intervalMs: 20, message: 'the batch to commit by itself' });
  t.pass();
  await store.flush();
});

test('reads see writes still waiting for their batch', async (t) => {
  const store = await openTestStore(t, path.join(await tempDir(t), 'blvm.sqlite'), { batchInterval: 600_000 });
  store.upsertModule(moduleRecord());
  store.upsertModule(moduleRecord({ restarts: 2, phase: 'backoff', state: 'backoff' }));
  store.setMeta('trusted-version:block-logger', { version: '1.2.0' });
  t.like(await store.getModule('block-logger'), { restarts: 2, phase: 'backoff' });
  t.deepEqual(await store.getMeta('trusted-version:block-logger'), { version: '1.2.0' });
  t.is(await store.getModule('nope'), null);
  t.is(await store.getMeta('nope'), undefined);
});

test('every kind of record survives closing and reopening the store', async (t) => {
  const file = path.join(await tempDir(t), 'blvm.sqlite');
  const first = await openTestStore(t, file);
  const quarantined = moduleRecord({ phase: 'quarantined', quarantine: { crashes: 6, lastSignal: 'SIGSEGV' } });
  first.upsertModule(quarantined);
  first.upsertModule(moduleRecord({ name: 'indexer', version: null, desired: 'disabled', verification: null }));
  first.appendTransition({ at: 10, module: 'block-logger', from: 'execution', to: 'monitoring', event: 'ready' });
  first.appendExit('block-logger', exitRecord({ detail: 'exit code 3' }), ['line 1', 'line 2']);
  const seq = await first.appendEvent({ type: 'ModuleLoaded', source: 'node', payload: { module_name: 'block-logger' } });
  first.setMeta('schema-note', [1, 2, 3]);
  await first.close();

  const second = await openTestStore(t, file);
  t.deepEqual(await second.listModules(), [quarantined, moduleRecord({ name: 'indexer', version: null, desired: 'disabled', verification: null })]);
  t.like((await second.listTransitions('block-logger'))[0], { from: 'execution', to: 'monitoring', event: 'ready', at: 10 });
  const [stored] = await second.listExits('block-logger', 10);
  t.deepEqual(stored.exit, exitRecord({ detail: 'exit code 3' }));
  t.deepEqual(stored.logTail, ['line 1', 'line 2']);
  const [event] = await second.readEvents({ fromSeq: 0, limit: 10 });
  t.like(event, { seq, type: 'ModuleLoaded', source: 'node', payload: { module_name: 'block-logger' } });
  t.deepEqual(await second.getMeta('schema-note'), [1, 2, 3]);
});

test('event sequence numbers resolve before commit and continue after a reopen', async (t) => {
  const file = path.join(await tempDir(t), 'blvm.sqlite');
  const first = await openTestStore(t, file, { batchInterval: 600_000 });
  const seqs = [
    await first.appendEvent({ type: 'NewBlock', source: 'chain', payload: { height: 1 } }),
    await first.appendEvent({ type: 'NewBlock', source: 'chain', payload: { height: 2 } }),
  ];
  t.deepEqual(seqs, [1, 2]);
  await first.close();
  const second = await openTestStore(t, file);
  t.is(await second.appendEvent({ type: 'NodeShutdown', source: 'node', payload: null }), 3);
});

test('readEvents starts at fromSeq inclusive, filters by type and honours the limit', async (t) => {
  const store = await openTestStore(t, path.join(await tempDir(t), 'blvm.sqlite'));
  for (let i = 0; i < 10; i += 1) {
    await store.appendEvent({ type: i % 2 === 0 ? 'NewBlock' : 'ModuleLoaded', source: 'node', payload: { i } });
  }
  const blocks = await store.readEvents({ fromSeq: 3, types: ['NewBlock'], limit: 2 });
  t.deepEqual(
    blocks.map((e) => e.seq),
    [3, 5],
  );
  t.is((await store.readEvents({ fromSeq: 9, limit: 100 })).length, 2);
  t.is((await store.readEvents({ fromSeq: 1, types: [], limit: 100 })).length, 10);
});

test('listTransitions returns the newest rows oldest first, or pages forward from an id', async (t) => {
  const store = await openTestStore(t, path.join(await tempDir(t), 'blvm.sqlite'));
  for (let i = 1; i <= 6; i += 1) {
    store.appendTransition({ at: i, module: i % 2 ? 'odd' : 'even', from: `s${i - 1}`, to: `s${i}`, event: 'step' });
  }
  const odd = await store.listTransitions('odd');
  t.deepEqual(
    odd.map((r) => r.to),
    ['s1', 's3', 's5'],
  );
  t.deepEqual(
    (await store.listTransitions('odd', { limit: 2 })).map((r) => r.to),
    ['s3', 's5'],
  );
  t.deepEqual(
    (await store.listTransitions('odd', { sinceId: odd[0].id, limit: 1 })).map((r) => r.to),
    ['s3'],
  );
});

test('listExits returns the newest exits of one module, oldest first', async (t) => {
  const store = await openTestStore(t, path.join(await tempDir(t), 'blvm.sqlite'));
  for (let code = 1; code <= 4; code += 1) store.appendExit('a', exitRecord({ code }), []);
  store.appendExit('b', exitRecord({ code: 9 }), []);
  t.deepEqual(
    (await store.listExits('a', 2)).map((e) => e.exit.code),
    [3, 4],
  );
});

test('events written together keep every value exactly: quotes, backslashes, unicode, escapes inside payloads, numbers and null (issue 19)', async (t) => {
  const store = await openTestStore(t, path.join(await tempDir(t), 'blvm.sqlite'), { batchInterval: 600_000 });
  const payloads: unknown[] = [
    { text: 'a "quoted" \\ back\\slash', nested: { list: [1, 2.5, -3e-7, null, true] } },
    'plain string with \n newline and \u0000 nul',
    { emoji: '₿ 🚀 ünïcødé', escaped: '\\u0041 stays text' },
    null,
    12345678901234,
    [{ '': '' }],
  ];
  const seqs: number[] = [];
  for (const payload of payloads) seqs.push(await store.appendEvent({ type: "mod.it's", source: 'mod', payload }));
  await store.flush();
  const events = await store.readEvents({ fromSeq: seqs[0], limit: 100 });
  t.deepEqual(events.map((e) => e.payload), payloads);
  t.deepEqual(events.map((e) => e.seq), seqs);
  t.true(events.every((e) => e.type === "mod.it's" && e.source === 'mod' && Number.isInteger(e.at)));
});
