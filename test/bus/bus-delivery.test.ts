import test from 'ava';
import type { RawClient } from '../ipc/support/raw-client.js';
import { eventsOf, Harness, until } from '../api/support/api-harness.js';

const SUB = ['subscribe_events'];

/** Event envelopes of one subscription received so far (without consuming them). */
const received = (client: RawClient, subscription: string) => client.frames.filter((f) => f.kind === 'event' && f.subscription === subscription);

test('a new subscriber first receives the loaded modules as snapshot ModuleLoaded events, then live events in order', async (t) => {
  const h = await Harness.start(t);
  const { inst: alpha } = await h.loaded('alpha');
  const { inst: beta } = await h.loaded('beta');
  const { client } = await h.connect('watcher', { capabilities: SUB });
  const sub = (await client.request(1, 'events.subscribe', { types: ['ModuleLoaded', 'ModuleUnloaded', 'NewBlock'] })).result;
  t.is(sub.snapshot, 2);
  const snapshot = await eventsOf(client, sub.subscription, 2);
  t.deepEqual(snapshot.map((e) => [e.type, e.data.module_name, e.data.module_id, e.snapshot, e.seq]), [
    ['ModuleLoaded', 'alpha', alpha.instanceId, true, undefined],
    ['ModuleLoaded', 'beta', beta.instanceId, true, undefined],
  ]);
  h.events.publish('NewBlock', { height: 1 });
  const { inst: gamma } = await h.loaded('gamma');
  h.runtime.crashed('alpha');
  const live = await eventsOf(client, sub.subscription, 3);
  t.deepEqual(live.map((e) => [e.type, e.data.module_name ?? e.data.height]), [
    ['NewBlock', 1],
    ['ModuleLoaded', 'gamma'],
    ['ModuleUnloaded', 'alpha'],
  ]);
  t.is(live[1].data.module_id, gamma.instanceId);
  t.deepEqual(live[2].data, { module_id: alpha.instanceId, module_name: 'alpha', reason: 'crashed' });
  t.true(live[0].seq < live[1].seq && live[1].seq < live[2].seq, 'sequence numbers increase');
  t.true(live.every((e) => e.source === 'node' && typeof e.at === 'number'));
});

test('a subscription that does not want ModuleLoaded gets no snapshot', async (t) => {
  const h = await Harness.start(t);
  await h.loaded('alpha');
  const { client } = await h.connect('watcher', { capabilities: SUB });
  const sub = (await client.request(1, 'events.subscribe', { types: ['NewBlock'] })).result;
  t.is(sub.snapshot, 0);
  h.events.publish('NewBlock', { height: 7 });
  const [event] = await eventsOf(client, sub.subscription, 1);
  t.is(event.data.height, 7);
});

test('module events are namespaced with their publisher as source; forged node or foreign types are refused', async (t) => {
  const h = await Harness.start(t);
  const { client: watcher } = await h.connect('watcher', { capabilities: SUB });
  const sub = (await watcher.request(1, 'events.subscribe', { types: ['ticker.*', 'NewBlock'] })).result;
  const { client: ticker } = await h.connect('ticker', { capabilities: ['publish_events'] });
  const published = await ticker.request(1, 'events.publish', { type: 'ticker.tick', data: { n: 1 } });
  t.deepEqual(Object.keys(published.result).sort(), ['seq', 'type']);
  const forged = await ticker.request(2, 'events.publish', { type: 'NewBlock', data: { height: 999 } });
  t.is(forged.error.code, 'permission_denied');
  t.regex(forged.error.message, /"NewBlock" is a node event type; module ticker may publish only "ticker\.<name>" events/);
  const foreign = await ticker.request(3, 'events.publish', { type: 'event-journal.count', data: {} });
  t.is(foreign.error.code, 'permission_denied');
  await ticker.request(4, 'events.publish', { type: 'ticker.tock' });
  const events = await eventsOf(watcher, sub.subscription, 2);
  t.deepEqual(events.map((e) => [e.type, e.source, e.data]), [
    ['ticker.tick', 'ticker', { n: 1 }],
    ['ticker.tock', 'ticker', null],
  ]);
  // Had the forged event been published, it would have been delivered before the later tock.
  t.false(watcher.frames.some((f) => f.type === 'NewBlock'), 'the forged event reached nobody');
});

test('a paused subscriber does not slow the others, its queue stays bounded, and it learns how many it missed', async (t) => {
  const h = await Harness.start(t);
  const bus = h.bus.eventBus;
  const { client: paused } = await h.connect('paused', { capabilities: SUB });
  const { client: active } = await h.connect('active', { capabilities: SUB });
  const p = (await paused.request(1, 'events.subscribe', { types: ['pub.*'], queue_limit: 500 })).result.subscription;
  const a = (await active.request(1, 'events.subscribe', { types: ['pub.*'], queue_limit: 500 })).result.subscription;
  paused.socket.pause();
  const N = 20_000;
  const pad = 'x'.repeat(200);
  // The publisher goes at the pace of the active subscriber and never waits for the paused one.
  for (let i = 0; i < N; i++) {
    void bus.publish('pub.tick', 'pub', { i, pad });
    if (i % 250 === 249) await until(() => received(active, a).length === i + 1, 10_000, `the active subscriber got event ${i}`);
  }
  const got = received(active, a);
  t.true(got.every((e, i) => e.data.i === i), 'the active subscriber got every event, in order, while the other was paused');
  const stats = bus.stats().find((s) => s.subscription === p);
  t.truthy(stats);
  t.true(stats!.queued <= 500, `paused queue holds ${stats!.queued}`);
  t.true(stats!.dropped > 0);
  paused.socket.resume();
  await until(() => received(paused, p).some((e) => e.data?.i === N - 1), 30_000, 'the paused subscriber caught up with the newest event');
  const mine = received(paused, p);
  const notices = mine.filter((e) => e.type === 'EventsDropped');
  const events = mine.filter((e) => e.type === 'pub.tick');
  t.true(notices.length >= 1);
  t.is(events.length + notices.reduce((sum, n) => sum + n.data.missed, 0), N, 'every event was either delivered or counted as missed');
  t.true(events.every((e, i) => i === 0 || e.data.i > events[i - 1].data.i), 'what it got is in order');
});

test('unsubscribe ends deliveries; an unknown subscription is not_found', async (t) => {
  const h = await Harness.start(t);
  const { client } = await h.connect('watcher', { capabilities: SUB });
  const sub = (await client.request(1, 'events.subscribe', { types: ['NewBlock'] })).result.subscription;
  t.deepEqual((await client.request(2, 'events.unsubscribe', { subscription: sub })).result, {});
  const witness = (await client.request(5, 'events.subscribe', { types: ['NewBlock'] })).result.subscription;
  h.events.publish('NewBlock', { height: 1 });
  await eventsOf(client, witness, 1);
  t.is(received(client, sub).length, 0, 'a subscription still open got the event; the closed one did not');
  const again = await client.request(3, 'events.unsubscribe', { subscription: sub });
  t.is(again.error.code, 'not_found');
  const bad = await client.request(4, 'events.subscribe', { types: ['newblock'] });
  t.is(bad.error.code, 'invalid_request');
  t.regex(bad.error.message, /event type pattern "newblock" is invalid/);
});

test('another connection cannot touch a subscription that is not its own', async (t) => {
  const h = await Harness.start(t);
  const { client: owner } = await h.connect('owner', { capabilities: SUB });
  const { client: other } = await h.connect('other', { capabilities: SUB });
  const sub = (await owner.request(1, 'events.subscribe', {})).result.subscription;
  t.is((await other.request(1, 'events.unsubscribe', { subscription: sub })).error.code, 'not_found');
});

test('a published event is stored with the same time and data as its live envelope carries (issue 19)', async (t) => {
  const h = await Harness.start(t);
  const { client: watcher } = await h.connect('watcher', { capabilities: SUB });
  const sub = (await watcher.request(1, 'events.subscribe', { types: ['ticker.*'] })).result;
  const { client: ticker } = await h.connect('ticker', { capabilities: ['publish_events'] });
  await ticker.request(1, 'events.publish', { type: 'ticker.tick', data: { n: 1, note: '₿ "quoted"', list: [1, 2.5, null] } });
  await ticker.request(2, 'events.publish', { type: 'ticker.tock' });
  const live = await eventsOf(watcher, sub.subscription, 2);
  const stored = await h.store.readEvents({ fromSeq: live[0].seq, limit: 10 });
  t.deepEqual(
    stored.map((e) => [e.seq, e.at, e.type, e.source, e.payload]),
    live.map((e) => [e.seq, e.at, e.type, e.source, e.data]),
  );
});

test('subscribers in step share each batch yet each gets its own subscription and filter, in order, and a paused one holds back no one (issue 19)', async (t) => {
  const h = await Harness.start(t);
  const bus = h.bus.eventBus;
  // Twelve subscribers, so their ids change width (s9, s10): two filters, interleaved.
  const subscribers: { client: RawClient; id: string; wants: (type: string) => boolean }[] = [];
  for (let n = 0; n < 12; n++) {
    const { client } = await h.connect(`sub${n}`, { capabilities: SUB });
    const types = n % 2 === 0 ? ['pub.*'] : ['pub.even'];
    const id = (await client.request(1, 'events.subscribe', { types, queue_limit: n === 0 ? 100 : 10_000 })).result.subscription;
    subscribers.push({ client, id, wants: (type) => n % 2 === 0 || type === 'pub.even' });
  }
  const [paused, ...active] = subscribers;
  paused.client.socket.pause();
  const N = 3000;
  const pad = 'x'.repeat(300);
  for (let i = 0; i < N; i++) {
    void bus.publish(i % 2 === 0 ? 'pub.even' : 'pub.odd', 'pub', { i, pad });
    if (i % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
    if (i % 500 === 499) {
      await until(() => active.every((s) => received(s.client, s.id).some((e) => e.data.i >= i - 1)), 10_000, `every active subscriber got event ${i - 1}`);
    }
  }
  for (const s of active) {
    const expected = Array.from({ length: N }, (_, i) => i).filter((i) => s.wants(i % 2 === 0 ? 'pub.even' : 'pub.odd'));
    await until(() => received(s.client, s.id).length === expected.length, 10_000, `${s.id} got its ${expected.length} events`);
    const got = received(s.client, s.id);
    t.deepEqual(got.map((e) => e.data.i), expected, `${s.id} got exactly its filter's events, in order`);
    t.true(got.every((e, k) => k === 0 || e.seq > got[k - 1].seq), `${s.id}'s sequence numbers increase`);
  }
  const stats = bus.stats().find((s) => s.subscription === paused.id);
  t.true(stats!.queued <= 100 && stats!.dropped > 0, `the paused subscriber's queue stayed bounded (${stats!.queued} queued, ${stats!.dropped} dropped)`);
  paused.client.socket.resume();
  await until(() => received(paused.client, paused.id).some((e) => e.data?.i === N - 1), 10_000, 'the paused subscriber caught up with the newest event');
  const mine = received(paused.client, paused.id);
  const events = mine.filter((e) => e.type !== 'EventsDropped');
  const missed = mine.filter((e) => e.type === 'EventsDropped').reduce((sum, e) => sum + e.data.missed, 0);
  t.is(events.length + missed, N, 'every event was either delivered to the paused subscriber or counted as missed');
  t.true(events.every((e, k) => e.subscription === paused.id && (k === 0 || e.data.i > events[k - 1].data.i)), 'what it got is its own, in order');
});
