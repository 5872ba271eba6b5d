import test from 'ava';
import { ModuleLogBudget } from '../../src/ipc/module-log-budget.js';
import { RawClient } from './support/raw-client.js';
import { captureLog } from './support/capture-log.js';
import { expectInstance, startServer } from './support/module-server-fixture.js';

test('a message longer than max_log_message is cut at a character boundary and marked (issue 13)', (t) => {
  const budget = new ModuleLogBudget({ bytesPerSecond: 1_000_000, linesPerSecond: 100, maxMessage: 10 }, captureLog());
  t.is(budget.admit('m', 'short'), 'short');
  t.is(budget.admit('m', 'ééééééééé'), 'ééééé… [truncated 8 of 18 bytes]');
});

test('messages over the per-module line or byte rate are dropped and counted per module (issue 13)', (t) => {
  const log = captureLog();
  const budget = new ModuleLogBudget({ bytesPerSecond: 100, linesPerSecond: 3, maxMessage: 60 }, log);
  const admitted = Array.from({ length: 10 }, () => budget.admit('chatty', 'x'.repeat(40))).filter((m) => m !== null);
  t.is(admitted.length, 2, 'two 40-byte lines fit a 100-byte second');
  t.deepEqual(budget.drops('chatty'), { lines: 8, bytes: 320 });
  t.is(budget.admit('quiet', 'still heard'), 'still heard');
  t.deepEqual(budget.drops('quiet'), { lines: 0, bytes: 0 });
  budget.close();
  t.is(log.find('module log messages dropped', '"chatty"', '"dropped_lines":8').length, 1);
});

test('log envelopes over the rate never reach the node log; the module keeps being served (issue 13)', async (t) => {
  const fx = await startServer(t, {
    maxFrame: 2 * 1024 * 1024,
    moduleLog: { bytesPerSecond: 4096, linesPerSecond: 1000, maxMessage: 1024 },
  });
  fx.server.setRequestHandler(async () => 'served');
  const inst = expectInstance(fx.server, 'flood', 1);
  const [client] = await RawClient.hello(t, fx.socketPath, 'flood', inst.token);
  const logged: string[] = [];
  fx.server.on('log', ({ message }) => logged.push(message));
  const started = Date.now();
  for (let i = 0; i < 50; i++) client.send({ kind: 'log', level: 'info', message: 'y'.repeat(1024 * 1024) });
  const served = await client.request(1, 'still.there');
  t.is(served.result, 'served');
  const seconds = (Date.now() - started) / 1000;
  const allowed = Math.floor(((seconds + 1) * 4096) / 1000);
  t.true(logged.length <= allowed, `${logged.length} messages of ~1 KiB logged in ${seconds} s, allowed ${allowed}`);
  t.true(logged.every((m) => m.length < 1100 && m.includes('[truncated')));
  t.is(fx.server.logDrops('flood').lines, 50 - logged.length, 'every message not logged is counted');
  t.true(logged.length < 25, `${logged.length} of 50 logged`);
});
