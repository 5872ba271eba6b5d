import test from 'ava';
import { RawClient } from './support/raw-client.js';
import { expectInstance, nextEvent, startServer } from './support/module-server-fixture.js';
import { waitUntil } from '../../src/testing/wait.js';

test('pings are answered by pongs: no missed pings are reported', async (t) => {
  const fx = await startServer(t, { pingInterval: 100 });
  const inst = expectInstance(fx.server, 'steady', 1);
  const reports: number[] = [];
  fx.server.on('liveness', (e) => reports.push(e.missed));
  const pongs: number[] = [];
  fx.server.on('pong', (e) => pongs.push(e.id));
  const [client] = await RawClient.hello(t, fx.socketPath, 'steady', inst.token);
  client.autoPong();
  await waitUntil(() => pongs.length >= 4, { intervalMs: 20, message: () => `4 pongs reported by the server (client sent ${client.pongsSent})` });
  t.deepEqual(pongs.slice(0, 4), [1, 2, 3, 4], 'each pong is reported with the ping it answers');
  t.deepEqual(reports, []);
  t.is(fx.server.connectedInstances().length, 1);
});

test('each interval without a pong is counted and reported; the socket layer never drops the connection for it', async (t) => {
  const fx = await startServer(t, { pingInterval: 25 });
  const inst = expectInstance(fx.server, 'hung', 1);
  const reports: number[] = [];
  fx.server.on('liveness', (e) => reports.push(e.missed));
  let disconnected = false;
  fx.server.on('disconnected', () => (disconnected = true));
  const [client] = await RawClient.hello(t, fx.socketPath, 'hung', inst.token);
  await nextEvent(fx.server, 'liveness', (e) => e.missed === 6);
  t.deepEqual(reports.slice(0, 6), [1, 2, 3, 4, 5, 6]);
  t.false(disconnected, 'only the module machine decides that missed pongs end the module');
  t.is(fx.server.connectedInstances().length, 1);
  t.true(client.frames.filter((f) => f.kind === 'ping').length >= 6);
  t.true(fx.log.find('module missed a ping', 'hung').length >= 6);
});

test('an instance announced with its own ping interval is pinged at that interval, not the server default', async (t) => {
  const fx = await startServer(t, { pingInterval: 60_000 });
  const inst = { module: 'own', instanceId: 'own-i1', token: 'tok-own-1-secret', capabilities: [], pingInterval: 25 };
  fx.server.expect(inst);
  const [client] = await RawClient.hello(t, fx.socketPath, 'own', inst.token);
  const report = await nextEvent(fx.server, 'liveness');
  t.is(report.missed, 1);
  t.true(client.frames.some((f) => f.kind === 'ping'));
});

test('a module that answers again is reported recovered once with missed = 0', async (t) => {
  const fx = await startServer(t, { pingInterval: 50 });
  const inst = expectInstance(fx.server, 'flaky', 1);
  const reports: number[] = [];
  fx.server.on('liveness', (e) => reports.push(e.missed));
  const [client] = await RawClient.hello(t, fx.socketPath, 'flaky', inst.token);
  await nextEvent(fx.server, 'liveness', (e) => e.missed === 2);
  client.autoPong();
  await nextEvent(fx.server, 'liveness', (e) => e.missed === 0);
  await waitUntil(() => client.pongsSent >= 3, { intervalMs: 20, message: () => `3 pongs (sent ${client.pongsSent})` });
  t.deepEqual(reports.slice(0, 3), [1, 2, 0]);
  t.false(reports.some((missed, i) => missed === 0 && reports[i - 1] === 0), 'recovery is reported once');
});

test('a pong for a ping never sent does not count as an answer', async (t) => {
  const fx = await startServer(t, { pingInterval: 25 });
  const inst = expectInstance(fx.server, 'liar', 1);
  const [client] = await RawClient.hello(t, fx.socketPath, 'liar', inst.token);
  const pongs: number[] = [];
  fx.server.on('pong', (e) => pongs.push(e.id));
  client.send({ kind: 'pong', id: 999_999 });
  const report = await nextEvent(fx.server, 'liveness');
  t.is(report.missed, 1);
  t.deepEqual(pongs, [], 'the made-up pong is not reported');
});

test('a new ping interval reaches a live connection and an instance that has not connected yet (reload)', async (t) => {
  const fx = await startServer(t, { pingInterval: 600_000 });
  const live = expectInstance(fx.server, 'live', 1);
  const later = expectInstance(fx.server, 'later', 1);
  const [liveClient] = await RawClient.hello(t, fx.socketPath, 'live', live.token);
  fx.server.setPingInterval(live.instanceId, 25);
  fx.server.setPingInterval(later.instanceId, 25);
  const [laterClient] = await RawClient.hello(t, fx.socketPath, 'later', later.token);
  // Both connections' pings fall on the same instants, so both reports are awaited from now on.
  await Promise.all([
    nextEvent(fx.server, 'liveness', (e) => e.module === 'live' && e.missed === 2),
    nextEvent(fx.server, 'liveness', (e) => e.module === 'later' && e.missed === 2),
  ]);
  t.true(liveClient.frames.filter((f) => f.kind === 'ping').length >= 2);
  t.true(laterClient.frames.filter((f) => f.kind === 'ping').length >= 2);
});
