import test from 'ava';
import { FlushScheduler, type Outbox } from '../../src/bus/outbox.js';

/** One turn of the event loop: the scheduler's pending `setImmediate` runs before this one resolves. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A stand-in outbox that counts its flushes (the scheduler only calls `flush`). */
function countingOutbox(): { outbox: Outbox; flushes: () => number } {
  let n = 0;
  return { outbox: { flush: () => void n++ } as unknown as Outbox, flushes: () => n };
}

/** A scheduler on a virtual clock (ms) with one outbox. */
function setUp(lingerMs: number) {
  const clock = { ms: 1000 };
  const scheduler = new FlushScheduler(lingerMs, () => clock.ms);
  return { clock, scheduler, ...countingOutbox() };
}

test('without a linger the outboxes scheduled in a turn are flushed once each, at the end of that turn', async (t) => {
  const scheduler = new FlushScheduler(0);
  const a = countingOutbox();
  const b = countingOutbox();
  scheduler.touch();
  scheduler.add(a.outbox);
  scheduler.touch();
  scheduler.add(b.outbox);
  t.deepEqual([a.flushes(), b.flushes()], [0, 0], 'nothing is written inside the publishing turn');
  await turn();
  t.deepEqual([a.flushes(), b.flushes()], [1, 1]);
});

test('with a linger a lone event still goes out at the end of its turn', async (t) => {
  const { scheduler, outbox, flushes } = setUp(0.5);
  scheduler.touch();
  scheduler.add(outbox);
  await turn();
  t.is(flushes(), 1);
});

test('while a publisher keeps publishing turn after turn, its events wait until the linger has passed since the first', async (t) => {
  const { clock, scheduler, outbox, flushes } = setUp(0.5);
  scheduler.touch();
  scheduler.add(outbox);
  const flushedAt: number[] = [];
  for (let i = 0; i < 10; i++) {
    scheduler.touch();
    clock.ms += 0.1;
    await turn();
    if (flushes() > flushedAt.length) flushedAt.push(Math.round((clock.ms - 1000) * 10) / 10);
  }
  t.deepEqual(flushedAt, [0.5], 'one flush, at the first look 0.5 ms after the flush was armed');
});

test('a turn that publishes several events waits one more turn, and goes out once nothing new came', async (t) => {
  const { scheduler, outbox, flushes } = setUp(0.5);
  scheduler.touch();
  scheduler.add(outbox);
  scheduler.touch();
  await turn();
  t.is(flushes(), 0, 'more came after the flush was armed: it looks again next turn');
  await turn();
  t.is(flushes(), 1, 'nothing new since the last look: flushed');
});

test('a publisher that lost the CPU for longer than the linger flushes at its next look', async (t) => {
  const { clock, scheduler, outbox, flushes } = setUp(0.5);
  scheduler.touch();
  scheduler.add(outbox);
  scheduler.touch();
  clock.ms += 20;
  await turn();
  t.is(flushes(), 1);
});
