import test from 'ava';
import { RawClient } from './support/raw-client.js';
import { expectInstance, nextEvent, startServer } from './support/module-server-fixture.js';

const MAX_FRAME = 64 * 1024;

async function stalledAndHealthy(t: Parameters<typeof startServer>[0]) {
  const fx = await startServer(t, { maxFrame: MAX_FRAME });
  fx.server.setRequestHandler(async (_ctx, method) => (method === 'big' ? 'x'.repeat(MAX_FRAME - 100) : 'pong'));
  const stalled = expectInstance(fx.server, 'stalled', 1);
  const healthy = expectInstance(fx.server, 'healthy', 1);
  const [stalledClient] = await RawClient.hello(t, fx.socketPath, 'stalled', stalled.token);
  const [healthyClient] = await RawClient.hello(t, fx.socketPath, 'healthy', healthy.token);
  stalledClient.socket.pause();
  return { ...fx, stalled, stalledClient, healthyClient };
}

test('a module that stops reading its responses is dropped without delaying another module', async (t) => {
  const fx = await stalledAndHealthy(t);
  const dropped = nextEvent(fx.server, 'disconnected', (e) => e.module === 'stalled', 20_000);
  for (let i = 0; i < 400; i++) fx.stalledClient.send({ kind: 'request', id: i, method: 'big', params: {} });
  t.is((await fx.healthyClient.request('during', 'small')).result, 'pong');
  const event = await dropped;
  t.regex(event.reason, /^output buffer exceeded 524288 bytes .*peer is not reading/);
  t.true(fx.log.find('module disconnected', 'stalled', 'output buffer exceeded').length > 0);
  t.is((await fx.healthyClient.request('after', 'small')).result, 'pong');
  t.deepEqual(
    fx.server.connectedInstances().map((c) => c.module),
    ['healthy'],
  );
});

test('events sent to a module that stopped reading never block the sender and end with a drop', async (t) => {
  const fx = await stalledAndHealthy(t);
  const event = { kind: 'event', type: 'NewBlock', data: 'b'.repeat(MAX_FRAME - 100) };
  let sent = 0;
  while (fx.server.send(fx.stalled.instanceId, event)) {
    sent++;
    if (sent > 10_000) break;
  }
  t.true(sent < 10_000, 'the send bound was reached');
  t.false(fx.server.send(fx.stalled.instanceId, event));
  t.is((await fx.healthyClient.request(1, 'small')).result, 'pong');
});
