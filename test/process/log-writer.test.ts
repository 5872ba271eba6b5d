import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { LineSplitter } from '../../src/process/line-splitter.js';
import { readLogTail } from '../../src/process/log-tail.js';
import { RotatingLog } from '../../src/process/log-writer.js';
import { eventually, tempDir } from './helpers.js';

function numbered(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `line ${String(i).padStart(3, '0')} ${'x'.repeat(20)}`);
}

test('files rotate by size, keep maxFiles files, and hold the newest output in order', async (t) => {
  const dir = await tempDir(t);
  const log = new RotatingLog({ dir, baseName: 'output', maxFileSize: 100, maxFiles: 3 });
  const lines = numbered(20);
  for (const line of lines) log.write(`${line}\n`);
  await log.close();

  t.deepEqual((await readdir(dir)).sort(), ['output.log', 'output.log.1', 'output.log.2']);
  for (const name of ['output.log', 'output.log.1', 'output.log.2']) t.true((await stat(path.join(dir, name))).size <= 100);
  const kept = (
    (await readFile(path.join(dir, 'output.log.2'), 'utf8')) +
    (await readFile(path.join(dir, 'output.log.1'), 'utf8')) +
    (await readFile(path.join(dir, 'output.log'), 'utf8'))
  )
    .split('\n')
    .filter(Boolean);
  t.true(kept.length > 0);
  t.deepEqual(kept, lines.slice(-kept.length));
});

test('with maxFiles 1 the single file is restarted instead of rotated', async (t) => {
  const dir = await tempDir(t);
  const log = new RotatingLog({ dir, baseName: 'stdout', maxFileSize: 64, maxFiles: 1 });
  for (const line of numbered(10)) log.write(`${line}\n`);
  await log.close();
  t.deepEqual(await readdir(dir), ['stdout.log']);
  t.true((await stat(path.join(dir, 'stdout.log'))).size <= 64);
});

test('a chunk larger than a whole file is spread over several files', async (t) => {
  const dir = await tempDir(t);
  const log = new RotatingLog({ dir, baseName: 'output', maxFileSize: 10, maxFiles: 4 });
  log.write('abcdefghijklmnopqrstuvwxyz');
  await log.close();
  const parts = await Promise.all(['output.log.2', 'output.log.1', 'output.log'].map((f) => readFile(path.join(dir, f), 'utf8')));
  t.is(parts.join(''), 'abcdefghijklmnopqrstuvwxyz');
});

test('a new log appends to the existing file and counts its size toward rotation', async (t) => {
  const dir = await tempDir(t);
  await writeFile(path.join(dir, 'output.log'), 'x'.repeat(90));
  const log = new RotatingLog({ dir, baseName: 'output', maxFileSize: 100, maxFiles: 2 });
  log.write('0123456789abcdef\n');
  await log.close();
  t.is(await readFile(path.join(dir, 'output.log.1'), 'utf8'), 'x'.repeat(90));
  t.is(await readFile(path.join(dir, 'output.log'), 'utf8'), '0123456789abcdef\n');
});

test('tail returns the last lines, the unterminated last line included', async (t) => {
  const log = new RotatingLog({ dir: await tempDir(t), baseName: 'output', maxFileSize: 1 << 20, maxFiles: 2 });
  log.write('one\ntwo\r\nthr');
  log.write('ee\nfour');
  t.deepEqual(log.tail(3), ['two', 'three', 'four']);
  t.deepEqual(log.tail(10), ['one', 'two', 'three', 'four']);
  t.deepEqual(log.tail(0), []);
  await log.close();
});

test('the in-memory tail keeps only the configured number of lines', async (t) => {
  const log = new RotatingLog({ dir: await tempDir(t), baseName: 'output', maxFileSize: 1 << 20, maxFiles: 2, tailLines: 5 });
  for (const line of numbered(50)) log.write(`${line}\n`);
  t.deepEqual(log.tail(100), numbered(50).slice(-5));
  await log.close();
});

test('a multi-byte character split across chunks reaches the tail intact', async (t) => {
  const log = new RotatingLog({ dir: await tempDir(t), baseName: 'output', maxFileSize: 1 << 20, maxFiles: 2 });
  const bytes = Buffer.from('₿ block\n');
  log.write(bytes.subarray(0, 2));
  log.write(bytes.subarray(2));
  t.deepEqual(log.tail(1), ['₿ block']);
  await log.close();
});

test('output beyond the queue bound is dropped, counted, and marked once writing catches up', async (t) => {
  const dir = await tempDir(t);
  const log = new RotatingLog({ dir, baseName: 'output', maxFileSize: 1 << 20, maxFiles: 2, maxQueuedBytes: 1000 });
  const chunk = `${'y'.repeat(99)}\n`;
  for (let i = 0; i < 100; i += 1) log.write(chunk);
  t.is(log.droppedBytes, 9000);
  const file = path.join(dir, 'output.log');
  t.true(await eventually(async () => (await stat(file).catch(() => null))?.size === 1000));
  log.write('after the flood\n');
  await log.close();
  const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  t.is(lines.length, 12);
  t.is(lines[10], '[blvm] dropped 9000 bytes of output: the log writer fell behind');
  t.is(lines[11], 'after the flood');
});

test('notes of blvm itself are written even while output is being dropped', async (t) => {
  const dir = await tempDir(t);
  const log = new RotatingLog({ dir, baseName: 'output', maxFileSize: 1 << 20, maxFiles: 2, maxQueuedBytes: 100 });
  log.write('x'.repeat(100));
  log.write('lost\n');
  log.note('exited: exit code 0');
  await log.close();
  t.deepEqual((await readFile(path.join(dir, 'output.log'), 'utf8')).split('\n'), [
    'x'.repeat(100),
    '[blvm] dropped 5 bytes of output: the log writer fell behind',
    '[blvm] exited: exit code 0',
    '',
  ]);
  t.deepEqual(log.tail(1), ['[blvm] exited: exit code 0']);
});

test('writes after close are ignored', async (t) => {
  const dir = await tempDir(t);
  const log = new RotatingLog({ dir, baseName: 'output', maxFileSize: 100, maxFiles: 2 });
  log.write('kept\n');
  await log.close();
  log.write('late\n');
  await log.close();
  t.is(await readFile(path.join(dir, 'output.log'), 'utf8'), 'kept\n');
});

test('readLogTail reads the last lines back from disk across a rotation', async (t) => {
  const dir = await tempDir(t);
  const log = new RotatingLog({ dir, baseName: 'output', maxFileSize: 60, maxFiles: 3 });
  const lines = numbered(6);
  for (const line of lines) log.write(`${line}\n`);
  await log.close();
  t.deepEqual(await readLogTail(dir, 'output', 3), lines.slice(-3));
  t.deepEqual(await readLogTail(dir, 'missing', 3), []);
});

test('LineSplitter cuts a line longer than its cap', (t) => {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), 4);
  splitter.push(Buffer.from('abcdefghij\nxy'));
  splitter.end();
  t.deepEqual(lines, ['abcd', 'efgh', 'ij', 'xy']);
  splitter.push(Buffer.from('0123456789'));
  t.deepEqual(lines.slice(4), ['0123', '4567']);
  t.is(splitter.pending, '89');
});

test('a new writer of a file writes after everything the previous writer had queued (issue 19)', async (t) => {
  const dir = await tempDir(t);
  const options = { dir, baseName: 'output', maxFileSize: 1 << 24, maxFiles: 2, maxQueuedBytes: 1 << 24 };
  const previous = new RotatingLog(options);
  const bulk = `${'x'.repeat(1 << 20)}\n`;
  for (let i = 0; i < 8; i++) previous.write(bulk);
  previous.note('crashed: killed by SIGKILL');
  const next = new RotatingLog(options);
  next.note('standby pid 42 admitted as the module\'s instance');
  await Promise.all([previous.close(), next.close()]);
  const lines = (await readFile(path.join(dir, 'output.log'), 'utf8')).trimEnd().split('\n');
  t.is(lines.length, 10);
  t.deepEqual(lines.slice(-2), ['[blvm] crashed: killed by SIGKILL', "[blvm] standby pid 42 admitted as the module's instance"]);
});
