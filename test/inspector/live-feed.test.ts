import test from 'ava';
import { LiveFeed } from '../../src/inspector/live-feed.js';

test('replayable items get ids of this run and reach every subscriber; snapshots carry no id', (t) => {
  const feed = new LiveFeed();
  const seen: (string | null)[] = [];
  const unsubscribe = feed.subscribe((item) => seen.push(item.id));
  feed.publish('log', { n: 1 }, true);
  feed.publish('overview', { n: 2 }, false);
  unsubscribe();
  feed.publish('log', { n: 3 }, true);
  t.deepEqual(seen, [`${feed.runId}.1`, null]);
  t.is(feed.subscriberCount, 0);
  t.deepEqual(feed.recent().map((i) => i.data), ['{"n":1}', '{"n":3}']);
});

test('a client resuming with Last-Event-ID gets exactly what it missed', (t) => {
  const feed = new LiveFeed();
  for (let n = 1; n <= 5; n++) feed.publish('log', { n }, true);
  t.deepEqual(feed.since(`${feed.runId}.3`)?.map((i) => i.data), ['{"n":4}', '{"n":5}']);
  t.deepEqual(feed.since(`${feed.runId}.5`), []);
});

test('an id from another daemon run, from the future or older than the ring asks for a full resync', (t) => {
  const feed = new LiveFeed(3);
  for (let n = 1; n <= 6; n++) feed.publish('log', { n }, true);
  t.is(feed.since('otherrun.2'), null);
  t.is(feed.since(`${feed.runId}.9`), null);
  t.is(feed.since(`${feed.runId}.2`), null, 'items 3 is gone, so 2 cannot resume');
  t.deepEqual(feed.since(`${feed.runId}.3`)?.map((i) => i.data), ['{"n":4}', '{"n":5}', '{"n":6}']);
  t.is(feed.since('garbage'), null);
});

test('the ring of recent items never grows past its capacity', (t) => {
  const feed = new LiveFeed(10);
  for (let n = 0; n < 1000; n++) feed.publish('log', { n }, true);
  t.is(feed.recent().length, 10);
  t.is(feed.recent()[0].data, '{"n":990}');
});

test('a flood of activity never pushes lifecycle items out of the resume buffer (issue 20)', (t) => {
  const feed = new LiveFeed({ lifecycle: 5, activity: 10 });
  feed.publish('transition', { crash: true }, true, 'lifecycle');
  const afterCrash = `${feed.runId}.1`;
  for (let n = 0; n < 550; n++) feed.publish('log', { block: n }, true, 'activity');
  const recent = feed.recent();
  t.is(recent.length, 11);
  t.is(recent[0].data, '{"crash":true}', 'the crash is still kept, oldest first');
  t.deepEqual(feed.since('x.0'), null);
  const resumed = feed.since(`${feed.runId}.0`);
  t.truthy(resumed, 'lost blocks do not force a resync');
  t.is(resumed![0].data, '{"crash":true}');
  t.deepEqual(feed.since(afterCrash)?.length, 10);
});

test('a resume point older than a lost lifecycle item asks for a full resync', (t) => {
  const feed = new LiveFeed({ lifecycle: 2, activity: 2 });
  for (let n = 1; n <= 3; n++) feed.publish('transition', { n }, true, 'lifecycle');
  t.is(feed.since(`${feed.runId}.0`), null);
  t.deepEqual(feed.since(`${feed.runId}.1`)?.map((i) => i.data), ['{"n":2}', '{"n":3}']);
});
