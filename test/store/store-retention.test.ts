import path from 'node:path';
import test from 'ava';
import { exitRecord, openTestStore, tempDir } from './helpers.js';

test('retention keeps the newest transitions of each module', async (t) => {
  const store = await openTestStore(t, path.join(await tempDir(t), 'blvm.sqlite'), { retentionTransitions: 3 });
  for (let i = 1; i <= 8; i += 1) store.appendTransition({ at: i, module: 'busy', from: `s${i - 1}`, to: `s${i}`, event: 'e' });
  store.appendTransition({ at: 9, module: 'quiet', from: 'a', to: 'b', event: 'e' });
  t.deepEqual(
    (await store.listTransitions('busy')).map((r) => r.to),
    ['s6', 's7', 's8'],
  );
  t.is((await store.listTransitions('quiet')).length, 1);
});

test('retention keeps the newest events and oldestEventSeq follows it', async (t) => {
  const store = await openTestStore(t, path.join(await tempDir(t), 'blvm.sqlite'), { retentionEvents: 4 });
  t.is(await store.oldestEventSeq(), null);
  for (let i = 0; i < 10; i += 1) await store.appendEvent({ type: 'NewBlock', source: 'chain', payload: { i } });
  t.is(await store.oldestEventSeq(), 7);
  t.deepEqual(
    (await store.readEvents({ fromSeq: 0, limit: 100 })).map((e) => e.seq),
    [7, 8, 9, 10],
  );
});

test('retention keeps the newest exit records of each module', async (t) => {
  const store = await openTestStore(t, path.join(await tempDir(t), 'blvm.sqlite'), { retentionExits: 2 });
  for (let code = 1; code <= 5; code += 1) store.appendExit('m', exitRecord({ code }), [`tail ${code}`]);
  const kept = await store.listExits('m', 100);
  t.deepEqual(
    kept.map((e) => e.exit.code),
    [4, 5],
  );
});

test('a batch larger than the limit leaves only its newest rows once it commits', async (t) => {
  const store = await openTestStore(t, path.join(await tempDir(t), 'blvm.sqlite'), {
    retentionTransitions: 2,
    batchInterval: 600_000,
  });
  for (let i = 1; i <= 5; i += 1) store.appendTransition({ at: i, module: 'm', from: 'x', to: `s${i}`, event: 'e' });
  await store.flush();
  t.deepEqual(
    (await store.listTransitions('m')).map((r) => r.to),
    ['s4', 's5'],
  );
});

test('retention by count and by bytes holds when the limits are reached over many small commits (issue 19)', async (t) => {
  const byCount = await openTestStore(t, path.join(await tempDir(t), 'count.sqlite'), { retentionEvents: 50 });
  const byBytes = await openTestStore(t, path.join(await tempDir(t), 'bytes.sqlite'), { retentionEvents: 100_000, retentionEventBytes: 4_000 });
  for (let batch = 0; batch < 20; batch += 1) {
    for (let i = 0; i < 10; i += 1) {
      await byCount.appendEvent({ type: 'mod.tick', source: 'mod', payload: { batch, i } });
      await byBytes.appendEvent({ type: 'mod.tick', source: 'mod', payload: { pad: 'x'.repeat(60) } });
    }
    await Promise.all([byCount.flush(), byBytes.flush()]);
  }
  const counted = (await byCount.readEvents({ fromSeq: 0, limit: 1000 })).map((e) => e.seq);
  t.deepEqual(counted, Array.from({ length: 50 }, (_, i) => 151 + i), 'the newest 50 of 200 events are kept');
  t.is(await byCount.oldestEventSeq(), 151);
  const kept = await byBytes.readEvents({ fromSeq: 0, limit: 1000 });
  const bytes = kept.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e.payload)) + e.type.length + e.source.length + 24, 0);
  t.true(bytes <= 4_000, `the log holds ${bytes} bytes, limit 4000`);
  t.true(bytes > 4_000 - 200, `the log holds ${bytes} bytes: only the oldest were pruned`);
  t.is(kept.at(-1)?.seq, 200);
});
