import test from 'ava';
import { formatDuration, parseDuration, parseFineDuration } from '../../src/config/index.js';

test('every duration unit converts to milliseconds', (t) => {
  t.is(parseDuration('500ms'), 500);
  t.is(parseDuration('10s'), 10_000);
  t.is(parseDuration('5m'), 300_000);
  t.is(parseDuration('1h'), 3_600_000);
  t.is(parseDuration('1d'), 86_400_000);
  t.is(parseDuration('1.5s'), 1_500);
  t.is(parseDuration('0s'), 0);
});

test('a bare number is rejected with an example of the expected form', (t) => {
  t.throws(() => parseDuration(30), { message: 'expected a duration like "30s", got 30' });
  t.throws(() => parseDuration('30'), { message: 'expected a duration like "30s", got "30"' });
});

test('unknown units, negative values and non-strings are rejected', (t) => {
  for (const bad of ['30 sec', '10y', '-5s', 's', '', '1.5', true, ['1s']]) {
    t.throws(() => parseDuration(bad), { message: /^expected a duration like "30s", got / }, String(bad));
  }
});

test('a fraction of a millisecond is rejected', (t) => {
  t.throws(() => parseDuration('0.5ms'), { message: /whole number of milliseconds/ });
});

test('durations format back to their shortest unit', (t) => {
  t.is(formatDuration(30_000), '30s');
  t.is(formatDuration(600_000), '10m');
  t.is(formatDuration(1_500), '1500ms');
  t.is(formatDuration(0), '0ms');
});

test('sub-millisecond settings read microseconds and fractions of a millisecond', (t) => {
  t.is(parseFineDuration('500us'), 0.5);
  t.is(parseFineDuration('0.25ms'), 0.25);
  t.is(parseFineDuration('0ms'), 0);
  t.is(parseFineDuration('2ms'), 2);
  t.throws(() => parseFineDuration('500'), { message: 'expected a duration like "30s", got "500"' });
  t.throws(() => parseDuration('500us'), { message: 'expected a whole number of milliseconds, got "500us"' });
  t.throws(() => parseDuration('1.0001ms'), { message: /whole number of milliseconds/ }, 'no rounding for whole-millisecond settings');
});
