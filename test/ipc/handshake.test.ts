import test from 'ava';
import { NODE_VERSION, PROTOCOL_VERSION } from '../../src/version.js';
import { RawClient } from './support/raw-client.js';
import { expectInstance, nextEvent, startServer, type ServerFixture } from './support/module-server-fixture.js';

// A second, healthy module that must keep being served while another connection is refused.
async function healthyNeighbour(t: Parameters<typeof startServer>[0], fx: ServerFixture) {
  fx.server.setRequestHandler(async (ctx, method) => ({ echo: method, module: ctx.module }));
  const inst = expectInstance(fx.server, 'neighbour', 1);
  const [client, welcome] = await RawClient.hello(t, fx.socketPath, inst.module, inst.token);
  t.is(welcome.kind, 'welcome');
  return client;
}

async function assertStillServed(t: Parameters<typeof startServer>[0], client: RawClient, id: string): Promise<void> {
  const response = await client.request(id, 'chain.tip');
  t.deepEqual(response.result, { echo: 'chain.tip', module: 'neighbour' });
}

test('a module with the expected token is welcomed, announced as connected, then ready once', async (t) => {
  const fx = await startServer(t);
  const inst = expectInstance(fx.server, 'block-logger', 1, ['read_blockchain']);
  const connected = nextEvent(fx.server, 'connected');
  const [client, welcome] = await RawClient.hello(t, fx.socketPath, 'block-logger', inst.token);
  t.deepEqual(welcome, {
    kind: 'welcome',
    node_version: NODE_VERSION,
    protocol: PROTOCOL_VERSION,
    capabilities: ['read_blockchain'],
    instance_id: inst.instanceId,
  });
  t.deepEqual(await connected, { module: 'block-logger', instanceId: inst.instanceId });
  t.deepEqual(fx.server.connectedInstances(), [{ module: 'block-logger', instanceId: inst.instanceId, ready: false }]);

  let readyCount = 0;
  fx.server.on('ready', () => readyCount++);
  const ready = nextEvent(fx.server, 'ready');
  t.deepEqual(await client.request(1, 'ready'), { kind: 'response', id: 1, result: {} });
  t.deepEqual(await ready, { module: 'block-logger', instanceId: inst.instanceId });
  t.deepEqual(await client.request(2, 'ready'), { kind: 'response', id: 2, result: {} });
  t.is(readyCount, 1);
  t.true(fx.server.connectedInstances()[0].ready);
});

test('a wrong token is refused and logged while another module keeps being served', async (t) => {
  const fx = await startServer(t);
  const neighbour = await healthyNeighbour(t, fx);
  expectInstance(fx.server, 'miner', 1);
  const refused = nextEvent(fx.server, 'refused');
  const [intruder, reply] = await RawClient.hello(t, fx.socketPath, 'miner', 'not-the-token');
  t.is(reply.kind, 'error');
  t.is(reply.error.code, 'permission_denied');
  t.regex(reply.error.message, /token does not match/);
  const event = await refused;
  t.regex(event.peer, /^miner \(connection #\d+\)$/);
  t.regex(event.reason, /token does not match/);
  await intruder.closed;
  t.true(fx.log.find('module connection refused', 'token does not match', 'miner').length > 0);
  await assertStillServed(t, neighbour, 'after-wrong-token');
});

test('a token is valid for one module name only', async (t) => {
  const fx = await startServer(t);
  const inst = expectInstance(fx.server, 'miner', 1);
  const [, reply] = await RawClient.hello(t, fx.socketPath, 'impostor', inst.token);
  t.is(reply.error.code, 'permission_denied');
});

test('a token used once cannot be used again after its connection ended', async (t) => {
  const fx = await startServer(t);
  const neighbour = await healthyNeighbour(t, fx);
  const inst = expectInstance(fx.server, 'miner', 1);
  const [first] = await RawClient.hello(t, fx.socketPath, 'miner', inst.token);
  const gone = nextEvent(fx.server, 'disconnected', (e) => e.module === 'miner');
  first.socket.end();
  await gone;
  const refused = nextEvent(fx.server, 'refused');
  const [, reply] = await RawClient.hello(t, fx.socketPath, 'miner', inst.token);
  t.is(reply.kind, 'error');
  t.regex(reply.error.message, /already used/);
  t.regex((await refused).reason, /already used/);
  t.true(fx.log.find('module connection refused', 'already used').length > 0);
  await assertStillServed(t, neighbour, 'after-reuse');
});

test('a second connection for an instance that is still connected is refused; the first keeps working', async (t) => {
  const fx = await startServer(t);
  fx.server.setRequestHandler(async () => 'ok');
  const inst = expectInstance(fx.server, 'miner', 1);
  const [first] = await RawClient.hello(t, fx.socketPath, 'miner', inst.token);
  const refused = nextEvent(fx.server, 'refused');
  const [second, reply] = await RawClient.hello(t, fx.socketPath, 'miner', inst.token);
  t.is(reply.error.code, 'permission_denied');
  t.regex(reply.error.message, /already has a live connection/);
  t.regex((await refused).reason, /already has a live connection/);
  await second.closed;
  t.is((await first.request('q', 'anything')).result, 'ok');
  t.is(fx.server.connectedInstances().length, 1);
});

test('a hello with another protocol version is refused', async (t) => {
  const fx = await startServer(t);
  const neighbour = await healthyNeighbour(t, fx);
  const inst = expectInstance(fx.server, 'miner', 1);
  const client = await RawClient.open(t, fx.socketPath);
  const refused = nextEvent(fx.server, 'refused');
  client.send({ kind: 'hello', module: 'miner', token: inst.token, protocol: PROTOCOL_VERSION + 1 });
  const reply = await client.next();
  t.is(reply.error.code, 'invalid_request');
  t.regex(reply.error.message, /protocol version \d+ is not supported/);
  t.regex((await refused).reason, /protocol version/);
  t.true(fx.log.find('module connection refused', 'protocol version').length > 0);
  await assertStillServed(t, neighbour, 'after-protocol');
});

test('a connection that sends no hello in time is refused and closed', async (t) => {
  const fx = await startServer(t, { helloTimeout: 150 });
  const neighbour = await healthyNeighbour(t, fx);
  const silent = await RawClient.open(t, fx.socketPath);
  const event = await nextEvent(fx.server, 'refused');
  t.regex(event.peer, /^connection #\d+$/);
  t.regex(event.reason, /no hello within 150 ms/);
  const reply = await silent.next();
  t.is(reply.kind, 'error');
  await silent.closed;
  t.true(fx.log.find('module connection refused', 'no hello').length > 0);
  await assertStillServed(t, neighbour, 'after-timeout');
});

test('a first frame that is not a hello is refused', async (t) => {
  const fx = await startServer(t);
  const client = await RawClient.open(t, fx.socketPath);
  client.send({ kind: 'request', id: 1, method: 'ready', params: {} });
  const reply = await client.next();
  t.is(reply.error.code, 'invalid_request');
  t.regex(reply.error.message, /first frame must be a hello/);
  await client.closed;
});

test('a forgotten instance loses its connection and its token', async (t) => {
  const fx = await startServer(t);
  const inst = expectInstance(fx.server, 'miner', 1);
  const [client] = await RawClient.hello(t, fx.socketPath, 'miner', inst.token);
  const gone = nextEvent(fx.server, 'disconnected');
  fx.server.forget(inst.instanceId);
  t.regex((await gone).reason, /forgotten/);
  await client.closed;
  t.deepEqual(fx.server.connectedInstances(), []);
  t.false(fx.server.send(inst.instanceId, { kind: 'event', type: 'X' }));
});

test('a token announced but forgotten before the module connects is refused', async (t) => {
  const fx = await startServer(t);
  const inst = expectInstance(fx.server, 'miner', 1);
  fx.server.forget(inst.instanceId);
  const [, reply] = await RawClient.hello(t, fx.socketPath, 'miner', inst.token);
  t.is(reply.error.code, 'permission_denied');
});
