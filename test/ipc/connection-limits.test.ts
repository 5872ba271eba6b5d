import test from 'ava';
import { connect } from 'node:net';
import { RawClient } from './support/raw-client.js';
import { expectInstance, nextEvent, startServer } from './support/module-server-fixture.js';
import { sleep } from '../../src/testing/isolated-node.js';

function header(length: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(length, 0);
  return b;
}

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(10);
  }
}

test('connections beyond max_pending_connections close the oldest pending one; a module still gets in (issue 13)', async (t) => {
  const fx = await startServer(t, { limits: { maxPendingConnections: 3 } });
  const idle = await Promise.all([1, 2, 3, 4, 5].map(() => RawClient.open(t, fx.socketPath)));
  await until('two of five idle connections closed', () => idle.filter((c) => c.socket.closed).length === 2);
  t.is(fx.server.load().pending, 3);
  const inst = expectInstance(fx.server, 'real', 1);
  const [real, welcome] = await RawClient.hello(t, fx.socketPath, 'real', inst.token);
  t.is(welcome.kind, 'welcome');
  t.is(fx.server.load().pending, 2, 'the authenticated connection no longer counts as pending');
  t.is((await real.request(1, 'ready')).result !== undefined, true);
  await until('the shed connections summed up in one warning', () => fx.log.find('connection limits', 'over_max_pending_connections').length > 0, 3000);
});

test('over max_connections a new connection is closed before anything is read from it (issue 13)', async (t) => {
  const fx = await startServer(t, { limits: { maxConnections: 2, maxPendingConnections: 2 } });
  const inst = expectInstance(fx.server, 'kept', 1);
  const [kept] = await RawClient.hello(t, fx.socketPath, 'kept', inst.token);
  await RawClient.open(t, fx.socketPath);
  await until('two open connections', () => fx.server.load().open === 2);
  const extra = await RawClient.open(t, fx.socketPath);
  extra.send({ kind: 'hello', module: 'kept', token: 'x', protocol: 1 });
  await extra.closed;
  t.is(extra.frames.length, 0, 'no answer: the connection was closed unread');
  t.is((await kept.request(1, 'ready')).kind, 'response');
});

test('before its hello a connection may send only small frames: a large length prefix closes it at once (issue 13)', async (t) => {
  const fx = await startServer(t, { maxFrame: 1024 * 1024 });
  const client = await RawClient.open(t, fx.socketPath);
  const refused = nextEvent(fx.server, 'refused');
  client.sendRaw(Buffer.concat([header(1024 * 1024), Buffer.alloc(64 * 1024, 0x20)]));
  t.regex((await refused).reason, /frame of 1048576 bytes exceeds the maximum of 4096 bytes/);
  await client.closed;
  t.is(fx.server.load().bufferedInput, 0);
});

test('after the welcome, frames up to max_frame are accepted', async (t) => {
  const fx = await startServer(t, { maxFrame: 1024 * 1024 });
  fx.server.setRequestHandler(async (_ctx, _method, params) => (params as { text: string }).text.length);
  const inst = expectInstance(fx.server, 'big', 1);
  const [client] = await RawClient.hello(t, fx.socketPath, 'big', inst.token);
  const text = 'x'.repeat(512 * 1024);
  t.is((await client.request(1, 'size', { text })).result, text.length);
});

test('over max_buffered_input the connection holding the most incomplete bytes is closed, the others keep working (issue 13)', async (t) => {
  const fx = await startServer(t, { maxFrame: 1024 * 1024, limits: { maxBufferedInput: 512 * 1024 } });
  fx.server.setRequestHandler(async () => 'ok');
  const [hog] = await RawClient.hello(t, fx.socketPath, 'hog', expectInstance(fx.server, 'hog', 1).token);
  const [small] = await RawClient.hello(t, fx.socketPath, 'small', expectInstance(fx.server, 'small', 1).token);
  const gone = nextEvent(fx.server, 'disconnected', (e) => e.module === 'hog');
  const request = Buffer.from(JSON.stringify({ kind: 'request', id: 1, method: 'm', params: {} }).padEnd(1000, ' '));
  const frame = Buffer.concat([header(request.length), request]);
  small.sendRaw(frame.subarray(0, 304));
  await until('the small partial frame buffered', () => fx.server.load().bufferedInput === 304);
  hog.sendRaw(Buffer.concat([header(1024 * 1024 - 10), Buffer.alloc(600 * 1024, 0x20)]));
  t.regex((await gone).reason, /^input budget exceeded: .*max_buffered_input 524288/);
  t.is(fx.server.load().bufferedInput, 304);
  small.sendRaw(frame.subarray(304));
  t.is((await small.next((f) => f.kind === 'response' && f.id === 1)).result, 'ok');
});

test('a flood of connections never holds more than max_pending_connections sockets in the node (issue 13)', async (t) => {
  const fx = await startServer(t, { limits: { maxPendingConnections: 8, maxConnections: 16 } });
  const sockets = Array.from({ length: 300 }, () => connect(fx.socketPath).on('error', () => {}));
  t.teardown(() => sockets.forEach((s) => s.destroy()));
  await until('all but eight connections closed by the node', () => sockets.filter((s) => s.closed).length === 292);
  t.is(fx.server.load().open, 8);
  t.is(fx.server.load().pending, 8);
});
