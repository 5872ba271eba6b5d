import test from 'ava';
import { formatSize, parseSize } from '../../src/config/index.js';

test('binary and decimal size units convert to bytes', (t) => {
  t.is(parseSize('512KiB'), 512 * 1024);
  t.is(parseSize('64MiB'), 64 * 1024 * 1024);
  t.is(parseSize('10MiB'), 10 * 1024 * 1024);
  t.is(parseSize('1GiB'), 1024 ** 3);
  t.is(parseSize('100MB'), 100_000_000);
  t.is(parseSize('10kB'), 10_000);
  t.is(parseSize('1.5KiB'), 1536);
  t.is(parseSize('7B'), 7);
});

test('a plain integer is a byte count', (t) => {
  t.is(parseSize(1048576), 1048576);
  t.is(parseSize(0), 0);
});

test('malformed sizes are rejected with an example', (t) => {
  for (const bad of ['lots', '64', '64 furlongs', '-1MiB', -1, 1.5, true, 'MiB']) {
    t.throws(() => parseSize(bad), { message: /^expected a size like "64MiB" or a byte count, got / }, String(bad));
  }
});

test('sizes format with binary units', (t) => {
  t.is(formatSize(16 * 1024 * 1024), '16MiB');
  t.is(formatSize(1000), '1000B');
});
