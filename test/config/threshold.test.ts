import test from 'ava';
import { formatThreshold, parseThreshold } from '../../src/config/index.js';

test('an M-of-N threshold parses into m and n', (t) => {
  t.deepEqual(parseThreshold('2-of-3'), { m: 2, n: 3 });
  t.deepEqual(parseThreshold('1-of-1'), { m: 1, n: 1 });
  t.deepEqual(parseThreshold('3-of-3'), { m: 3, n: 3 });
  t.is(formatThreshold({ m: 2, n: 3 }), '2-of-3');
});

test('a threshold in another form is rejected with an example', (t) => {
  for (const bad of ['2/3', '2 of 3', 'two-of-three', 2, '2-of-', '-1-of-3']) {
    t.throws(() => parseThreshold(bad), { message: /^expected a threshold like "2-of-3", got / }, String(bad));
  }
});

test('zero signatures or more signatures than keys are rejected', (t) => {
  t.throws(() => parseThreshold('0-of-3'), { message: 'threshold "0-of-3" must require at least 1 signature' });
  t.throws(() => parseThreshold('4-of-3'), { message: 'threshold "4-of-3" requires more signatures (4) than keys (3)' });
});
