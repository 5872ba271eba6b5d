import test from 'ava';
import { crashBudget } from '../../../actors/policies/crash-budget.js';

const policy = { max_crashes: 5, crash_window: 600_000 };

test('up to max_crashes crashes inside the window stay within budget', (t) => {
  const times = [1_000, 2_000, 3_000, 4_000, 5_000];
  t.deepEqual(crashBudget(times, 5_000, policy), { recent: times, exceeded: false });
});

test('one crash more than max_crashes inside the window exceeds the budget', (t) => {
  const times = [1_000, 2_000, 3_000, 4_000, 5_000, 6_000];
  t.true(crashBudget(times, 6_000, policy).exceeded);
});

test('crashes older than the window are forgotten and do not count', (t) => {
  const times = [0, 10_000, 700_000, 701_000, 702_000, 703_000, 704_000];
  const budget = crashBudget(times, 704_000, policy);
  t.deepEqual(budget.recent, [700_000, 701_000, 702_000, 703_000, 704_000]);
  t.false(budget.exceeded);
});

test('a crash exactly one window old has left the window', (t) => {
  t.deepEqual(crashBudget([100_000, 700_000], 700_000, policy).recent, [700_000]);
});

test('no crashes means no budget used', (t) => {
  t.deepEqual(crashBudget([], 0, policy), { recent: [], exceeded: false });
});
