import test from 'ava';
import type { RawClient } from '../ipc/support/raw-client.js';
import { eventsOf, Harness, until } from '../api/support/api-harness.js';
import { waitUntil } from '../../src/testing/wait.js';

const SUB = { capabilities: ['subscribe_events'] };
const received = (client: RawClient, subscription: string) => client.frames.filter((f) => f.kind === 'event' && f.subscription === subscription);

async function publishTicks(h: Harness, from: number, to: number): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = from; i <= to; i++) seqs.push((await h.bus.eventBus.publish('pub.tick', 'pub', { i })) as number);
  return seqs;
}

test('a durable subscriber that comes back as a new instance gets every event after its last ack, including those published while it was away, in order, once', async (t) => {
  const h = await Harness.start(t);
  const first = await h.connect('journal', SUB);
  const sub1 = (await first.client.request(1, 'events.subscribe', { durable: true, name: 'j', types: ['pub.*'] })).result;
  t.like(sub1, { durable: true, name: 'j' });
  await publishTicks(h, 1, 10);
  const got = await eventsOf(first.client, sub1.subscription, 10);
  t.deepEqual(got.map((e) => e.data.i), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const acked = (await first.client.request(2, 'events.ack', { subscription: sub1.subscription, seq: got[5].seq })).result;
  t.deepEqual(acked, { acked: got[5].seq });
  first.client.socket.destroy();
  await until(() => h.bus.eventBus.stats().length === 0, 5000, 'the first instance was dropped');
  await publishTicks(h, 11, 20);
  const second = await h.connect('journal', SUB);
  const sub2 = (await second.client.request(1, 'events.subscribe', { durable: true, name: 'j', types: ['pub.*'] })).result;
  t.is(sub2.acked, got[5].seq);
  t.is(sub2.resume_from, got[5].seq + 1);
  const replay = await eventsOf(second.client, sub2.subscription, 14);
  t.deepEqual(replay.map((e) => e.data.i), [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  await publishTicks(h, 21, 22);
  const live = await eventsOf(second.client, sub2.subscription, 2);
  t.deepEqual(live.map((e) => e.data.i), [21, 22], 'then live, with no gap and no duplicate at the handover');
  await publishTicks(h, 23, 23);
  const [marker] = await eventsOf(second.client, sub2.subscription, 1);
  t.is(marker.data.i, 23, 'the next delivery is the next event: nothing extra arrived in between');
  t.is(received(second.client, sub2.subscription).length, 0, 'nothing extra arrived');
});

test('a durable subscription delivers at most its window of unacknowledged events', async (t) => {
  const h = await Harness.start(t);
  const { client } = await h.connect('journal', SUB);
  const sub = (await client.request(1, 'events.subscribe', { durable: true, types: ['pub.*'], window: 3 })).result.subscription;
  await publishTicks(h, 1, 10);
  const firstThree = await eventsOf(client, sub, 3);
  const stats = () => h.bus.eventBus.stats().find((s) => s.subscription === sub);
  await waitUntil(() => stats()?.delivered === 3 && stats()?.queued === 7, {
    message: () => `the bus to hold seven events back after delivering three (stats ${JSON.stringify(stats())})`,
  });
  t.is(received(client, sub).length, 0, 'held back until an ack');
  await client.request(2, 'events.ack', { subscription: sub, seq: firstThree[1].seq });
  const next = await eventsOf(client, sub, 2);
  t.deepEqual(next.map((e) => e.data.i), [4, 5]);
});

test('a durable subscription with a tiny queue loses nothing when events come in a burst', async (t) => {
  const h = await Harness.start(t);
  const { client } = await h.connect('journal', SUB);
  const sub = (await client.request(1, 'events.subscribe', { durable: true, types: ['pub.*'], queue_limit: 5, window: 10_000 })).result.subscription;
  for (let i = 1; i <= 300; i++) void h.bus.eventBus.publish('pub.tick', 'pub', { i });
  await until(() => received(client, sub).length >= 300, 10_000, '300 events');
  const events = received(client, sub);
  t.deepEqual(events.map((e) => e.data.i), Array.from({ length: 300 }, (_, i) => i + 1));
  t.false(events.some((e) => e.type === 'EventsDropped'));
});

test('a cursor older than retention gets an explicit EventsGap notice before the remaining events', async (t) => {
  const h = await Harness.start(t, { config: '[store]\nretention_events = 10\nbatch_interval = "10ms"\n' });
  const first = await h.connect('journal', SUB);
  const sub1 = (await first.client.request(1, 'events.subscribe', { durable: true, types: ['pub.*'] })).result;
  const start = sub1.acked as number;
  first.client.socket.destroy();
  await until(() => h.bus.eventBus.stats().length === 0);
  const seqs = await publishTicks(h, 1, 40);
  await h.store.flush();
  const second = await h.connect('journal', SUB);
  const sub2 = (await second.client.request(1, 'events.subscribe', { durable: true, types: ['pub.*'] })).result.subscription;
  const [gap] = await eventsOf(second.client, sub2, 1);
  t.is(gap.type, 'EventsGap');
  t.is(gap.seq, undefined);
  t.is(gap.data.from_seq, start + 1);
  t.is(gap.data.reason, 'retention');
  const rest = await eventsOf(second.client, sub2, 10);
  t.is(rest[0].seq, gap.data.to_seq + 1, 'the replay continues right after the gap');
  t.is(rest.at(-1)?.seq, seqs.at(-1));
  t.deepEqual(rest.map((e) => e.data.i), Array.from({ length: 10 }, (_, i) => 31 + i));
});

test('from: oldest replays the stored log, from: next skips it, and a number starts exactly there', async (t) => {
  const h = await Harness.start(t);
  const seqs = await publishTicks(h, 1, 5);
  const { client } = await h.connect('journal', SUB);
  const oldest = (await client.request(1, 'events.subscribe', { durable: true, name: 'a', from: 'oldest', types: ['pub.*'] })).result;
  t.deepEqual((await eventsOf(client, oldest.subscription, 5)).map((e) => e.data.i), [1, 2, 3, 4, 5]);
  const exact = (await client.request(2, 'events.subscribe', { durable: true, name: 'b', from: seqs[3], types: ['pub.*'] })).result;
  t.deepEqual((await eventsOf(client, exact.subscription, 2)).map((e) => e.data.i), [4, 5]);
  const next = (await client.request(3, 'events.subscribe', { durable: true, name: 'c', from: 'next', types: ['pub.*'] })).result;
  await publishTicks(h, 6, 6);
  t.deepEqual((await eventsOf(client, next.subscription, 1)).map((e) => e.data.i), [6]);
  const far = await client.request(4, 'events.subscribe', { durable: true, name: 'd', from: 10_000 });
  t.is(far.error.code, 'invalid_request');
  t.regex(far.error.message, /"from" must be "oldest", "next" or a sequence number from 1 to \d+/);
});

test('durable misuse is refused precisely: a second open of a name, acks out of range, durable-only fields', async (t) => {
  const h = await Harness.start(t);
  const { client } = await h.connect('journal', SUB);
  const sub = (await client.request(1, 'events.subscribe', { durable: true, name: 'j' })).result.subscription;
  const twice = await client.request(2, 'events.subscribe', { durable: true, name: 'j' });
  t.is(twice.error.code, 'invalid_request');
  t.regex(twice.error.message, /durable subscription "j" of module journal is already open/);
  const ahead = await client.request(3, 'events.ack', { subscription: sub, seq: 10_000 });
  t.is(ahead.error.code, 'invalid_request');
  t.regex(ahead.error.message, /seq 10000 was not delivered on subscription/);
  t.regex((await client.request(4, 'events.ack', { subscription: sub })).error.message, /"seq" is required/);
  const plain = (await client.request(5, 'events.subscribe', {})).result.subscription;
  t.regex((await client.request(6, 'events.ack', { subscription: plain, seq: 1 })).error.message, /is not durable/);
  t.regex((await client.request(7, 'events.subscribe', { name: 'x' })).error.message, /"name" applies only to durable subscriptions/);
  t.is((await client.request(8, 'events.ack', { subscription: 'nope', seq: 1 })).error.code, 'not_found');
});

test('a durable subscriber receives an event only once it is committed, while a plain subscriber gets it at once (issue 14)', async (t) => {
  const h = await Harness.start(t, { config: '[store]\nbatch_interval = "600s"\n' });
  const { client } = await h.connect('journal', SUB);
  const durableSub = (await client.request(1, 'events.subscribe', { durable: true, types: ['pub.*'] })).result.subscription;
  const plainSub = (await client.request(2, 'events.subscribe', { types: ['pub.*'] })).result.subscription;
  const seqs = await publishTicks(h, 1, 3);
  const live = await eventsOf(client, plainSub, 3);
  t.deepEqual(live.map((e) => e.seq), seqs, 'live delivery runs ahead of the commit, with the final numbers');
  await until(() => h.bus.eventBus.stats().every((s) => s.queued === 0), 2000, 'queues empty');
  t.is(received(client, durableSub).length, 0, 'nothing uncommitted reached the durable subscriber');
  await h.store.flush();
  const durable = await eventsOf(client, durableSub, 3);
  t.deepEqual(durable.map((e) => e.seq), seqs, 'after the commit it gets them all, in order');
});
