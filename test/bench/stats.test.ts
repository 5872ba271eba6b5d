import test from 'ava';
import { interleavedRounds, median, roundOrder } from '../../bench/stats.js';

test('the order of the sides rotates every round, so no side always runs first (issue 19)', (t) => {
  t.deepEqual(roundOrder(['raw', 'blvm'], 0), ['raw', 'blvm']);
  t.deepEqual(roundOrder(['raw', 'blvm'], 1), ['blvm', 'raw']);
  t.deepEqual(roundOrder(['raw', 'bus', 'bus0'], 2), ['bus0', 'raw', 'bus']);
});

test('interleaved rounds run one sample of each side per round, alternating, and return each side in round order (issue 19)', async (t) => {
  const calls: string[] = [];
  const results = await interleavedRounds(['floor', 'blvm'] as const, 3, async (side, round) => {
    calls.push(`${side}${round}`);
    return round * 10 + (side === 'blvm' ? 1 : 0);
  });
  t.deepEqual(calls, ['floor0', 'blvm0', 'blvm1', 'floor1', 'floor2', 'blvm2']);
  t.deepEqual(results, { floor: [0, 10, 20], blvm: [1, 11, 21] });
});

test('the median is the nearest-rank middle sample, and not a number without samples', (t) => {
  t.is(median([5, 1, 3]), 3);
  t.is(median([4, 1, 3, 2]), 2);
  t.true(Number.isNaN(median([])));
});
