import test from 'ava';
import { parseServeListen } from '../../src/cli/commands/registry-serve.js';
import { progressBar, renderBar } from '../../src/registry/progress-bar.js';

test('the progress bar shows the share downloaded and redraws in place on a terminal', (t) => {
  t.is(renderBar('downloading app 1.0.0', 512, 1024), 'downloading app 1.0.0 [############------------]  50% 512 B/1.0 KiB');
  t.is(renderBar('downloading app 1.0.0', 2048, undefined), 'downloading app 1.0.0 2.0 KiB');
  let written = '';
  const bar = progressBar('dl', (s) => void (written += s), true);
  bar.update(1024, 1024);
  bar.done();
  t.is(written, '\r\x1b[2Kdl [########################] 100% 1.0 KiB/1.0 KiB\n');
});

test('without a terminal the progress bar writes nothing', (t) => {
  let written = '';
  const bar = progressBar('dl', (s) => void (written += s), false);
  bar.update(1, 2);
  bar.done();
  t.is(written, '');
});

test('registry serve listens on HOST:PORT with an IP address or localhost', (t) => {
  t.deepEqual(parseServeListen('127.0.0.1:0'), { host: '127.0.0.1', port: 0 });
  t.deepEqual(parseServeListen('[::1]:7790'), { host: '::1', port: 7790 });
  t.throws(() => parseServeListen('example.org:80'), { message: /--listen: expected HOST:PORT with an IP address or localhost/ });
  t.throws(() => parseServeListen('127.0.0.1:70000'), { message: /--listen/ });
});
