import test from 'ava';
import { readFileSync } from 'node:fs';
import { emptyStatFields, parseStatFields } from '../../src/monitor/stat-fields.js';
import { parseProcStat } from '../../src/process/proc-stat.js';

// Fields 3..24 after the comm: state, ppid, pgrp, ..., utime (14) = 7, stime (15) = 5, ..., starttime (22) = 123456, vsize, rss (24) = 250.
const tail = (state: string) => `${state} 1 4242 4242 0 -1 4194560 100 0 0 0 7 5 0 0 20 0 1 0 123456 1000000 250 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n`;

const parse = (line: string) => {
  const out = emptyStatFields();
  const buf = Buffer.from(line, 'latin1');
  return parseStatFields(buf, buf.length, out) ? out : null;
};

test('the stat fields the sampler needs are read after a command name holding spaces and parentheses (issue 19)', (t) => {
  t.deepEqual(parse(`4243 (a) (b c) ${tail('S')}`), { pid: 4243, zombie: false, pgrp: 4242, cpuTicks: 12, startTime: 123456, rssPages: 250 });
});

test('a zombie stat line is marked as one', (t) => {
  t.true(parse(`77 (node) ${tail('Z')}`)?.zombie);
});

test('bytes that are not a stat line are refused', (t) => {
  t.is(parse('garbage'), null);
  t.is(parse('12 (x) S 1'), null);
  t.is(parse(''), null);
});

test('only the first bytes given are read, so a reused buffer holding an older, longer line does not leak into the next', (t) => {
  const buf = Buffer.alloc(512, 0x39);
  const line = Buffer.from(`5 (x) ${tail('S')}`, 'latin1');
  line.copy(buf);
  const out = emptyStatFields();
  t.true(parseStatFields(buf, line.length, out));
  t.is(out.rssPages, 250);
});

test('a live process reads the same as with the text parser', (t) => {
  const buf = readFileSync(`/proc/${process.pid}/stat`);
  const text = parseProcStat(buf.toString('latin1'))!;
  const out = emptyStatFields();
  t.true(parseStatFields(buf, buf.length, out));
  t.like(out, { pid: text.pid, pgrp: text.pgrp, startTime: text.startTime, zombie: false });
  t.true(out.cpuTicks >= 0 && out.rssPages > 0);
});
