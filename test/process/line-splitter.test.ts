import test from 'ava';
import { LineSplitter } from '../../src/process/line-splitter.js';

function collect(): { lines: string[]; splitter: LineSplitter } {
  const lines: string[] = [];
  return { lines, splitter: new LineSplitter((line) => lines.push(line)) };
}

test('a UTF-8 character split across two chunks comes out whole, CRLF becomes LF', (t) => {
  const { lines, splitter } = collect();
  const bytes = Buffer.from('grüße\r\nzwei\n');
  splitter.push(bytes.subarray(0, 4));
  splitter.push(bytes.subarray(4));
  t.deepEqual(lines, ['grüße', 'zwei']);
});

test('a splitter that never received output emits nothing at its end', (t) => {
  const { lines, splitter } = collect();
  splitter.end();
  t.deepEqual(lines, []);
  t.is(splitter.pending, '');
});

test('the unterminated last line, with a half UTF-8 character, is emitted at the end', (t) => {
  const { lines, splitter } = collect();
  const bytes = Buffer.from('ende ü');
  splitter.push(bytes.subarray(0, bytes.length - 1));
  t.is(splitter.pending, 'ende ');
  splitter.end();
  t.deepEqual(lines, ['ende \ufffd']);
});
