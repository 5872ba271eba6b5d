import test from 'ava';
import { backoffDelay } from '../../../actors/policies/backoff-delay.js';

const policy = { initial_delay: 500, max_delay: 30_000 };
const almostOne = () => 0.999_999;

test('the first restart happens immediately whatever the random source says', (t) => {
  t.is(backoffDelay(0, policy, almostOne), 0);
  t.is(backoffDelay(0, policy, () => 0.5), 0);
});

test('later restarts double the jitter ceiling from the initial delay up to the cap', (t) => {
  const ceilings = [500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000];
  ceilings.forEach((ceiling, index) => {
    const delay = backoffDelay(index + 1, policy, almostOne);
    t.true(delay <= ceiling, `attempt ${index + 1}: ${delay} ≤ ${ceiling}`);
    t.true(delay > ceiling * 0.99, `attempt ${index + 1}: ${delay} is near its ceiling ${ceiling}`);
  });
});

test('full jitter scales the ceiling by the random draw', (t) => {
  t.is(backoffDelay(1, policy, () => 0), 0);
  t.is(backoffDelay(2, policy, () => 0.5), 500);
  t.is(backoffDelay(3, policy, () => 0.25), 500);
});

test('every delay stays within its bounds over many random draws', (t) => {
  for (let attempt = 1; attempt <= 20; attempt += 1) {
    const ceiling = Math.min(30_000, 500 * 2 ** (attempt - 1));
    for (let draw = 0; draw < 50; draw += 1) {
      const delay = backoffDelay(attempt, policy, Math.random);
      t.true(delay >= 0 && delay <= ceiling);
    }
  }
});

test('a random source outside [0, 1] cannot push the delay out of bounds', (t) => {
  t.is(backoffDelay(2, policy, () => 7), 1_000);
  t.is(backoffDelay(2, policy, () => -1), 0);
  t.is(backoffDelay(2, policy, () => Number.NaN), 0);
});

test('huge attempt numbers stay capped at the maximum delay', (t) => {
  t.is(backoffDelay(10_000, policy, () => 1), 30_000);
});
