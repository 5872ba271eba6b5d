import test from 'ava';
import { RateLimiter } from '../../src/api/rate-limiter.js';

test('a module may burst up to one second of requests, then gets tokens back at the configured rate', (t) => {
  let now = 0;
  const limiter = new RateLimiter(10, () => now);
  const burst = Array.from({ length: 12 }, () => limiter.take('a'));
  t.deepEqual(burst.filter(Boolean).length, 10);
  now += 100;
  t.true(limiter.take('a'));
  t.false(limiter.take('a'));
  now += 10_000;
  t.is(Array.from({ length: 15 }, () => limiter.take('a')).filter(Boolean).length, 10, 'the bucket never holds more than one second');
});

test('each module has its own bucket, and a rate of zero means no limit', (t) => {
  const now = 0;
  const limiter = new RateLimiter(1, () => now);
  t.true(limiter.take('a'));
  t.false(limiter.take('a'));
  t.true(limiter.take('b'));
  const open = new RateLimiter(0, () => now);
  t.true(Array.from({ length: 10_000 }, () => open.take('a')).every(Boolean));
});
