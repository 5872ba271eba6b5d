import test from 'ava';
import type { BusEvent } from '../../src/bus/bus-event.js';
import { Deque } from '../../src/bus/deque.js';
import { Subscription, type DurableState } from '../../src/bus/subscription.js';
import { TypeFilter } from '../../src/bus/type-filter.js';

const ev = (seq: number, type = 'NewBlock'): BusEvent => ({ seq, at: 1000 + seq, type, source: 'node', data: { n: seq } });

function plain(queueLimit: number, types: string[] = []): Subscription {
  return new Subscription({ id: 's1', module: 'm', instanceId: 'm-1', filter: new TypeFilter(types), queueLimit, durable: null });
}

function durable(queueLimit: number, window: number, acked = 0): Subscription {
  const d: DurableState = { name: 'd', mode: 'live', cursor: acked + 1, acked, lastDelivered: acked, unacked: new Deque(), window, reading: false };
  return new Subscription({ id: 's2', module: 'm', instanceId: 'm-1', filter: new TypeFilter([]), queueLimit, durable: d });
}

const drain = (sub: Subscription): Record<string, any>[] => {
  const out: Record<string, any>[] = [];
  for (let body = sub.next(); body !== null; body = sub.next()) out.push(JSON.parse(Buffer.concat([sub.head, body]).toString('utf8')));
  return out;
};

test('a full plain queue drops its oldest events and the next delivery is a notice of how many were missed', (t) => {
  const sub = plain(3);
  for (let seq = 1; seq <= 10; seq++) sub.offer(ev(seq));
  t.is(sub.queued, 3, 'memory stays bounded');
  const out = drain(sub);
  t.deepEqual(out[0], { kind: 'event', subscription: 's1', type: 'EventsDropped', source: 'node', at: out[0].at, data: { missed: 7, reason: 'queue_overflow' } });
  t.deepEqual(out.slice(1).map((e) => e.seq), [8, 9, 10]);
  t.is(sub.droppedTotal, 7);
});

test('deliveries are whole envelopes in FIFO order, filtered by type', (t) => {
  const sub = plain(100, ['NewBlock', 'ticker.*']);
  sub.offer(ev(1, 'NewBlock'));
  sub.offer(ev(2, 'ModuleLoaded'));
  sub.offer({ ...ev(3, 'ticker.tick'), source: 'ticker' });
  sub.offer(ev(4, 'tickers.tick'));
  const out = drain(sub);
  t.deepEqual(out.map((e) => [e.seq, e.type, e.source]), [
    [1, 'NewBlock', 'node'],
    [3, 'ticker.tick', 'ticker'],
  ]);
  t.deepEqual(out[0], { kind: 'event', subscription: 's1', type: 'NewBlock', source: 'node', seq: 1, at: 1001, data: { n: 1 } });
});

test('a durable subscription holds events back once its window of unacknowledged deliveries is full', (t) => {
  const sub = durable(100, 2);
  for (let seq = 1; seq <= 5; seq++) sub.offer(ev(seq));
  t.deepEqual(drain(sub).map((e) => e.seq), [1, 2]);
  t.false(sub.hasDeliverable());
  t.true(sub.ack(1));
  t.deepEqual(drain(sub).map((e) => e.seq), [3]);
  t.true(sub.ack(3));
  t.false(sub.ack(2), 'acks are cumulative; an older one changes nothing');
  t.deepEqual(drain(sub).map((e) => e.seq), [4, 5]);
});

test('a durable subscription never drops: a full queue hands over to the event log at the first event it could not take', (t) => {
  const sub = durable(2, 100);
  for (let seq = 1; seq <= 5; seq++) sub.offer(ev(seq));
  t.is(sub.queued, 2);
  t.is(sub.durable?.mode, 'catchup');
  t.is(sub.durable?.cursor, 3, 'the log read starts at the first event not queued');
  t.is(sub.droppedTotal, 0);
});

test('a durable subscription ignores live events it has already read from the log', (t) => {
  const sub = durable(100, 100, 10);
  sub.offer(ev(9));
  sub.offer(ev(11));
  sub.offer(ev(11));
  t.deepEqual(drain(sub).map((e) => e.seq), [11]);
});
