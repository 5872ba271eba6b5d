import test from 'ava';
import { ChainStore } from '../../src/chain/chain-store.js';
import { regtestParams } from '../../src/chain/params.js';
import { SqliteDb } from '../../src/store/sqlite.js';
import { eventTrace, mine, openTestChain } from './helpers/chain-store.js';
import { NOW } from './helpers/fixtures.js';

async function outboxIds(file: string): Promise<number[]> {
  const db = await SqliteDb.open(file);
  try {
    return (await db.all<{ id: number }>('SELECT id FROM outbox ORDER BY id')).map((r) => r.id);
  } finally {
    await db.close();
  }
}

test('chain events are committed to the outbox with the tip change and carry their outbox ids (issue 14)', async (t) => {
  const chain = await openTestChain(t);
  await mine(chain.store, 3);
  const ids = chain.events.map((e) => (e as { id?: number }).id);
  t.deepEqual(eventTrace(chain.events), ['NewBlock 1', 'NewBlock 2', 'NewBlock 3']);
  t.deepEqual(await outboxIds(chain.file), ids as number[], 'one outbox row per published event, same ids');
});

test('events the event log has not drained are handed out again after a reopen, and drained rows are pruned with the next write (issue 14)', async (t) => {
  const chain = await openTestChain(t);
  await mine(chain.store, 4);
  const [, second] = chain.events as (typeof chain.events[number] & { id: number })[];
  await chain.store.close();
  const reopened = await ChainStore.open(chain.file, { params: regtestParams, now: () => NOW });
  t.teardown(() => reopened.close());
  const again = await reopened.undrainedEvents(second.id);
  t.deepEqual(eventTrace(again), ['NewBlock 3', 'NewBlock 4'], 'only what the log does not hold, in order');
  t.deepEqual(again.map((e) => e.payload), chain.events.slice(2).map((e) => e.payload));
  await mine(reopened, 1);
  const left = await outboxIds(chain.file);
  t.true(left.every((id) => id > second.id), `rows up to #${second.id} are gone: ${left.join(', ')}`);
  t.is(left.length, 3);
});
