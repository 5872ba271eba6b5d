import test from 'ava';
import { controlCall, controlStream } from '../../src/control/control-client.js';
import { BlvmError } from '../../src/errors.js';
import { Harness, until } from '../api/support/api-harness.js';

type Item = { seq: number; type: string; source: string; data: any };

test('events lists the newest stored events, oldest first, optionally of some types only', async (t) => {
  const h = await Harness.start(t);
  for (let i = 1; i <= 30; i++) await h.bus.eventBus.publish(i % 3 === 0 ? 'NewBlock' : 'pub.tick', i % 3 === 0 ? 'node' : 'pub', { i });
  const items: Item[] = [];
  await controlStream(h.controlSocket, 'events', { last: 5 }, (item) => items.push(item as Item));
  t.deepEqual(items.map((e) => e.data.i), [26, 27, 28, 29, 30]);
  const blocks: Item[] = [];
  await controlStream(h.controlSocket, 'events', { last: 4, types: ['NewBlock'] }, (item) => blocks.push(item as Item));
  t.deepEqual(blocks.map((e) => e.data.i), [18, 21, 24, 27, 30].slice(-4));
  t.true(blocks.every((e) => e.type === 'NewBlock' && e.source === 'node'));
});

test('events --follow streams new events until the client leaves', async (t) => {
  const h = await Harness.start(t);
  await h.bus.eventBus.publish('pub.tick', 'pub', { i: 1 });
  const items: Item[] = [];
  const abort = new AbortController();
  const done = controlStream(h.controlSocket, 'events', { last: 1, follow: true, types: ['pub.*'] }, (item) => items.push(item as Item), { signal: abort.signal });
  await until(() => items.length === 1);
  h.events.publish('NewBlock', { height: 5 });
  await h.bus.eventBus.publish('pub.tick', 'pub', { i: 2 });
  await h.bus.eventBus.publish('pub.tick', 'pub', { i: 3 });
  await until(() => items.length === 3);
  t.deepEqual(items.map((e) => e.data.i), [1, 2, 3]);
  abort.abort();
  t.is(await done, undefined, 'leaving ends the stream quietly');
});

test('events refuses a bad type pattern with a usage error', async (t) => {
  const h = await Harness.start(t);
  const error = await t.throwsAsync(controlCall(h.controlSocket, 'events', { types: ['new block'] }), { instanceOf: BlvmError });
  t.is(error?.code, 'usage');
  t.regex(error?.message ?? '', /"new block" is invalid/);
});
