import test from 'ava';
import { RawClient } from './support/raw-client.js';
import { expectInstance, nextEvent, startServer } from './support/module-server-fixture.js';

function header(length: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(length, 0);
  return b;
}

async function twoModules(t: Parameters<typeof startServer>[0]) {
  const fx = await startServer(t, { maxFrame: 1024 });
  fx.server.setRequestHandler(async (ctx) => `hello ${ctx.module}`);
  const bad = expectInstance(fx.server, 'bad', 1);
  const good = expectInstance(fx.server, 'good', 1);
  const [badClient] = await RawClient.hello(t, fx.socketPath, 'bad', bad.token);
  const [goodClient] = await RawClient.hello(t, fx.socketPath, 'good', good.token);
  return { ...fx, badClient, goodClient };
}

test('a garbage frame closes only the connection that sent it, with a logged protocol error', async (t) => {
  const fx = await twoModules(t);
  const gone = nextEvent(fx.server, 'disconnected');
  const garbage = Buffer.from('this is not json', 'utf8');
  fx.badClient.sendRaw(Buffer.concat([header(garbage.length), garbage]));
  const event = await gone;
  t.is(event.module, 'bad');
  t.regex(event.reason, /^protocol_error: frame payload is not valid JSON/);
  await fx.badClient.closed;
  t.true(fx.log.find('module disconnected', 'protocol_error', 'bad').length > 0);
  t.is((await fx.goodClient.request(1, 'still.there')).result, 'hello good');
  t.deepEqual(
    fx.server.connectedInstances().map((c) => c.module),
    ['good'],
  );
});

test('an oversized frame is refused from its header and closes only that connection', async (t) => {
  const fx = await twoModules(t);
  const gone = nextEvent(fx.server, 'disconnected');
  fx.badClient.sendRaw(header(1025));
  const event = await gone;
  t.regex(event.reason, /^protocol_error: frame of 1025 bytes exceeds the maximum of 1024 bytes/);
  const notice = await fx.badClient.next((f) => f.kind === 'error');
  t.is(notice.error.code, 'invalid_request');
  await fx.badClient.closed;
  t.is((await fx.goodClient.request(2, 'still.there')).result, 'hello good');
});

test('a non-object frame closes the connection like garbage does', async (t) => {
  const fx = await twoModules(t);
  const gone = nextEvent(fx.server, 'disconnected');
  const payload = Buffer.from('[1,2,3]');
  fx.badClient.sendRaw(Buffer.concat([header(payload.length), payload]));
  t.regex((await gone).reason, /^protocol_error: frame payload must be a JSON object/);
  t.is((await fx.goodClient.request(3, 'still.there')).result, 'hello good');
});

test('garbage before any hello is refused with a reason naming the connection', async (t) => {
  const fx = await startServer(t);
  const client = await RawClient.open(t, fx.socketPath);
  const refused = nextEvent(fx.server, 'refused');
  client.sendRaw(Buffer.from([0, 0, 0, 3, 0x7b, 0x7b, 0x7b]));
  const event = await refused;
  t.regex(event.peer, /^connection #\d+$/);
  t.regex(event.reason, /^protocol_error:/);
  await client.closed;
  t.true(fx.log.find('module connection refused', 'protocol_error').length > 0);
});
