import { stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import test from 'ava';
import { controlCall, controlStream } from '../../src/control/control-client.js';
import { ControlServer } from '../../src/control/control-server.js';
import { BlvmError } from '../../src/errors.js';
import { encodeFrame } from '../../src/ipc/frame-encode.js';
import { captureLog } from '../ipc/support/capture-log.js';
import { RawClient } from '../ipc/support/raw-client.js';
import { tempDir } from '../ipc/support/temp-dir.js';

async function startControl(t: Parameters<typeof tempDir>[0], maxFrame = 1024 * 1024) {
  const dir = await tempDir(t);
  const socketPath = join(dir, 'control.sock');
  const log = captureLog();
  const server = new ControlServer({ socketPath, maxFrame, log });
  t.teardown(() => server.close());
  return { server, socketPath, log, dir };
}

test('a call returns the handler\'s result, and the socket file is 0600', async (t) => {
  const { server, socketPath } = await startControl(t);
  server.register('status', async (params) => ({ node: { version: '0.1.0' }, asked: params }));
  await server.listen();
  t.is((await stat(socketPath)).mode & 0o777, 0o600);
  t.deepEqual(await controlCall(socketPath, 'status', { verbose: true }), { node: { version: '0.1.0' }, asked: { verbose: true } });
  t.deepEqual(await controlCall(socketPath, 'status'), { node: { version: '0.1.0' }, asked: {} });
});

test('a handler\'s BlvmError reaches the caller with its code, message and details', async (t) => {
  const { server, socketPath } = await startControl(t);
  server.register('module.info', async (params: { name: string }) => {
    throw new BlvmError('not_found', `no module named ${params.name}`, { details: ['did you mean block-logger?'] });
  });
  await server.listen();
  const error = await t.throwsAsync(controlCall(socketPath, 'module.info', { name: 'blok-logger' }), { instanceOf: BlvmError });
  t.is(error?.code, 'not_found');
  t.is(error?.message, 'no module named blok-logger');
  t.deepEqual(error?.details, ['did you mean block-logger?']);
});

test('on the wire: unknown methods are -32601 naming them, handler errors -32000 with data, invalid requests -32600', async (t) => {
  const { server, socketPath } = await startControl(t);
  server.register('fail', async () => {
    throw new BlvmError('conflict', 'already running', { details: ['pid 12'] });
  });
  await server.listen();
  const client = await RawClient.open(t, socketPath);
  client.send({ jsonrpc: '2.0', id: 1, method: 'frobnicate' });
  t.deepEqual(await client.next((f) => f.id === 1), {
    jsonrpc: '2.0',
    id: 1,
    error: { code: -32601, message: 'method not found: frobnicate' },
  });
  client.send({ jsonrpc: '2.0', id: 2, method: 'fail', params: {} });
  t.deepEqual(await client.next((f) => f.id === 2), {
    jsonrpc: '2.0',
    id: 2,
    error: { code: -32000, message: 'already running', data: { code: 'conflict', details: ['pid 12'] } },
  });
  client.send({ jsonrpc: '1.0', id: 3, method: 'fail' });
  t.is((await client.next((f) => f.id === 3)).error.code, -32600);
  client.send({ jsonrpc: '2.0', id: 4, method: 'fail', params: 7 });
  t.is((await client.next((f) => f.id === 4)).error.code, -32600);
  client.send({ jsonrpc: '2.0', id: 5 });
  t.is((await client.next((f) => f.id === 5)).error.code, -32600);
});

test('an unknown method called through the client is a not_found error naming it', async (t) => {
  const { server, socketPath } = await startControl(t);
  await server.listen();
  await t.throwsAsync(controlCall(socketPath, 'nope'), { instanceOf: BlvmError, message: 'method not found: nope' });
});

test('a handler that throws something other than a BlvmError is an internal error, and it is logged', async (t) => {
  const { server, socketPath, log } = await startControl(t);
  server.register('crash', async () => {
    throw new TypeError('cannot read x');
  });
  await server.listen();
  const error = await t.throwsAsync(controlCall(socketPath, 'crash'), { instanceOf: BlvmError });
  t.is(error?.code, 'internal');
  t.regex(error?.message ?? '', /cannot read x/);
  t.true(log.find('control method failed', 'cannot read x').length > 0);
});

test('without a daemon the client says that none is running and where it looked', async (t) => {
  const dir = await tempDir(t);
  const socketPath = join(dir, 'control.sock');
  const error = await t.throwsAsync(controlCall(socketPath, 'status'), { instanceOf: BlvmError });
  t.is(error?.code, 'unavailable');
  t.is(error?.message, `no blvm daemon is running (nothing listening on ${socketPath})`);
});

test('many clients are served concurrently, a slow call does not hold back the others', async (t) => {
  const { server, socketPath } = await startControl(t);
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  server.register('slow', async () => {
    await gate;
    return 'slow done';
  });
  server.register('echo', async (params: { n: number }) => params.n);
  await server.listen();
  const slow = controlCall(socketPath, 'slow');
  const fast = await Promise.all(Array.from({ length: 25 }, (_, n) => controlCall(socketPath, 'echo', { n })));
  t.deepEqual(fast, Array.from({ length: 25 }, (_, n) => n));
  release();
  t.is(await slow, 'slow done');
});

test('a call times out on the client when the daemon does not answer in time', async (t) => {
  const { server, socketPath } = await startControl(t);
  server.register('hang', () => new Promise(() => {}));
  await server.listen();
  const error = await t.throwsAsync(controlCall(socketPath, 'hang', {}, { timeoutMs: 50 }), { instanceOf: BlvmError });
  t.is(error?.code, 'timeout');
});

test('a stream sends each pushed value as a notification, then the final result', async (t) => {
  const { server, socketPath } = await startControl(t);
  server.registerStream('events.follow', async (params: { count: number }, push) => {
    for (let i = 0; i < params.count; i++) push({ seq: i });
  });
  await server.listen();
  const items: unknown[] = [];
  const result = await controlStream(socketPath, 'events.follow', { count: 3 }, (item) => items.push(item));
  t.deepEqual(items, [{ seq: 0 }, { seq: 1 }, { seq: 2 }]);
  t.is(result, null);

  const client = await RawClient.open(t, socketPath);
  client.send({ jsonrpc: '2.0', id: 'f', method: 'events.follow', params: { count: 1 } });
  t.deepEqual(await client.next(), { jsonrpc: '2.0', method: 'events.follow.item', params: { seq: 0 } });
  t.deepEqual(await client.next(), { jsonrpc: '2.0', id: 'f', result: null });
});

test('a stream handler learns through its signal that the client went away, and push then returns false', async (t) => {
  const { server, socketPath } = await startControl(t);
  let pushAfterAbort: boolean | undefined;
  const ended = new Promise<void>((resolve) => {
    server.registerStream('logs.follow', async (_params, push, signal) => {
      push('line 1');
      await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
      pushAfterAbort = push('line 2');
      resolve();
    });
  });
  await server.listen();
  const controller = new AbortController();
  const items: unknown[] = [];
  const result = await controlStream(
    socketPath,
    'logs.follow',
    {},
    (item) => {
      items.push(item);
      controller.abort();
    },
    { signal: controller.signal },
  );
  t.is(result, undefined);
  await ended;
  t.deepEqual(items, ['line 1']);
  t.false(pushAfterAbort);
});

test('a garbage frame closes only that control connection, with a parse error and a log line', async (t) => {
  const { server, socketPath, log } = await startControl(t);
  server.register('ping', async () => 'pong');
  await server.listen();
  const bad = await RawClient.open(t, socketPath);
  bad.sendRaw(Buffer.concat([Buffer.from([0, 0, 0, 5]), Buffer.from('hello')]));
  t.is((await bad.next()).error.code, -32700);
  await bad.closed;
  t.true(log.find('control connection closed', 'protocol_error').length > 0);
  t.is(await controlCall(socketPath, 'ping'), 'pong');
});

test('an oversized request closes only that control connection', async (t) => {
  const { server, socketPath } = await startControl(t, 256);
  server.register('ping', async () => 'pong');
  await server.listen();
  const socket = connect(socketPath);
  t.teardown(() => socket.destroy());
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.on('error', () => {});
  socket.resume();
  socket.write(encodeFrame({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(400) } }));
  await closed;
  t.is(await controlCall(socketPath, 'ping'), 'pong');
});

test('registering the same method twice is refused', async (t) => {
  const { server } = await startControl(t);
  server.register('status', async () => null);
  t.throws(() => server.registerStream('status', async () => {}), { instanceOf: BlvmError, message: /already registered/ });
});

test('closing the control server removes its socket file', async (t) => {
  const { server, socketPath } = await startControl(t);
  await server.listen();
  await server.close();
  await t.throwsAsync(stat(socketPath), { code: 'ENOENT' });
  await t.throwsAsync(controlCall(socketPath, 'status'), { message: /no blvm daemon is running/ });
});
