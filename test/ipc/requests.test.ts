import test from 'ava';
import { BlvmError } from '../../src/errors.js';
import { apiError } from '../../src/ipc/api-errors.js';
import type { RequestContext } from '../../src/ipc/request-runner.js';
import { RawClient } from './support/raw-client.js';
import { expectInstance, nextEvent, startServer } from './support/module-server-fixture.js';
import { waitUntil } from '../../src/testing/wait.js';

async function connected(t: Parameters<typeof startServer>[0], overrides = {}) {
  const fx = await startServer(t, overrides);
  const inst = expectInstance(fx.server, 'indexer', 1, ['read_blockchain']);
  const [client] = await RawClient.hello(t, fx.socketPath, 'indexer', inst.token);
  return { ...fx, client, inst };
}

test('the handler sees the module, instance and capabilities of the connection', async (t) => {
  const fx = await connected(t);
  let seen: RequestContext | undefined;
  fx.server.setRequestHandler(async (ctx, method, params) => {
    seen = ctx;
    return { method, params };
  });
  const response = await fx.client.request('a', 'chain.get_block', { height: 3 });
  t.deepEqual(response, { kind: 'response', id: 'a', result: { method: 'chain.get_block', params: { height: 3 } } });
  t.is(seen?.module, 'indexer');
  t.is(seen?.instanceId, fx.inst.instanceId);
  t.deepEqual(seen?.capabilities, ['read_blockchain']);
});

test('without a request handler every request other than ready is answered unavailable', async (t) => {
  const fx = await connected(t);
  const response = await fx.client.request(1, 'chain.tip');
  t.is(response.error.code, 'unavailable');
});

test('errors thrown by the handler become typed error responses and the connection stays open', async (t) => {
  const fx = await connected(t);
  const thrown: Record<string, unknown> = {
    'deny': new BlvmError('policy_denied', 'capability read_blockchain missing'),
    'missing': new BlvmError('not_found', 'no block at height 9'),
    'bad': new BlvmError('usage', 'height must be a number', { details: ['got "x"'] }),
    'down': new BlvmError('unavailable', 'chain not loaded'),
    'slow-down': apiError('rate_limited', 'too many requests'),
    'late': new BlvmError('timeout', 'upstream timed out'),
    'boom': new Error('disk on fire'),
    'io': new BlvmError('io', 'read failed'),
  };
  fx.server.setRequestHandler(async (_ctx, method) => {
    throw thrown[method];
  });
  const expected: Record<string, string> = {
    'deny': 'permission_denied',
    'missing': 'not_found',
    'bad': 'invalid_request',
    'down': 'unavailable',
    'slow-down': 'rate_limited',
    'late': 'timeout',
    'boom': 'internal',
    'io': 'internal',
  };
  for (const [method, code] of Object.entries(expected)) {
    const response = await fx.client.request(method, method);
    t.is(response.error.code, code, method);
    t.is(typeof response.error.message, 'string');
  }
  const bad = await fx.client.request('bad-again', 'bad');
  t.deepEqual(bad.error, { code: 'invalid_request', message: 'height must be a number', details: ['got "x"'] });
  t.true(fx.log.find('module request failed', 'disk on fire').length > 0);
  t.false(fx.client.socket.destroyed);
});

test('a handler slower than the request timeout gets a timeout response and its signal aborted', async (t) => {
  const fx = await connected(t, { requestTimeout: 100 });
  let aborted = false;
  fx.server.setRequestHandler(async (ctx) => {
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
    aborted = true;
    return 'too late';
  });
  const response = await fx.client.request(5, 'slow.method');
  t.is(response.error.code, 'timeout');
  t.regex(response.error.message, /slow\.method took longer than 100 ms/);
  t.true(aborted);
  fx.server.setRequestHandler(async () => 'quick');
  t.is((await fx.client.request(6, 'fast')).result, 'quick');
});

test('requests in flight each time out at their own deadline, and a signal first read after the timeout is already aborted', async (t) => {
  const fx = await connected(t, { requestTimeout: 150 });
  const started: string[] = [];
  let release: (() => void) | undefined;
  let lateSignalAborted: boolean | undefined;
  fx.server.setRequestHandler(async (ctx, method) => {
    started.push(method);
    if (method === 'fast') return 'quick';
    if (method === 'late-reader') {
      await new Promise<void>((resolve) => (release = resolve));
      lateSignalAborted = ctx.signal.aborted;
    }
    return new Promise(() => {});
  });
  fx.client.send({ kind: 'request', id: 'first', method: 'late-reader', params: {} });
  await waitUntil(() => started.length === 1, { intervalMs: 5, message: () => 'the first request to reach the handler' });
  fx.client.send({ kind: 'request', id: 'second', method: 'hang', params: {} });
  fx.client.send({ kind: 'request', id: 'third', method: 'fast', params: {} });
  const answers = [];
  for (let i = 0; i < 3; i++) answers.push(await fx.client.next((f) => f.kind === 'response'));
  t.deepEqual(
    answers.map((a) => [a.id, a.result ?? a.error.code]),
    [['third', 'quick'], ['first', 'timeout'], ['second', 'timeout']],
  );
  release?.();
  await waitUntil(() => lateSignalAborted !== undefined, { intervalMs: 5, message: () => 'the late handler to read its signal' });
  t.true(lateSignalAborted);
});

test('many requests in flight are answered as each finishes, out of order', async (t) => {
  const fx = await connected(t);
  const gates = new Map<number, () => void>();
  fx.server.setRequestHandler(async (_ctx, _method, params) => {
    const n = (params as { n: number }).n;
    await new Promise<void>((resolve) => gates.set(n, resolve));
    return n * 10;
  });
  const count = 50;
  for (let n = 0; n < count; n++) fx.client.send({ kind: 'request', id: `r${n}`, method: 'work', params: { n } });
  await waitUntil(() => gates.size >= count, { intervalMs: 5, message: () => `all ${count} requests to reach the handler (${gates.size} did)` });
  const order = Array.from({ length: count }, (_, i) => count - 1 - i);
  const received: string[] = [];
  for (const n of order) {
    gates.get(n)?.();
    const response = await fx.client.next((f) => f.kind === 'response');
    received.push(response.id);
    t.is(response.result, Number(response.id.slice(1)) * 10);
  }
  t.deepEqual(received, order.map((n) => `r${n}`));
});

test('requests beyond the in-flight bound are answered rate_limited', async (t) => {
  const fx = await connected(t, { maxInFlight: 2 });
  const release: (() => void)[] = [];
  fx.server.setRequestHandler(() => new Promise((resolve) => release.push(() => resolve('done'))));
  fx.client.send({ kind: 'request', id: 1, method: 'hold', params: {} });
  fx.client.send({ kind: 'request', id: 2, method: 'hold', params: {} });
  const third = await fx.client.request(3, 'hold');
  t.is(third.error.code, 'rate_limited');
  for (const r of release) r();
  t.is((await fx.client.next((f) => f.id === 1)).result, 'done');
});

test('envelopes that make no sense get an error envelope without closing the connection', async (t) => {
  const fx = await connected(t);
  fx.server.setRequestHandler(async () => 'fine');
  fx.client.send({ kind: 'request', method: 'no-id' });
  t.regex((await fx.client.next((f) => f.kind === 'error')).error.message, /without a string or number id/);
  fx.client.send({ kind: 'teleport' });
  t.regex((await fx.client.next((f) => f.kind === 'error')).error.message, /unexpected envelope kind "teleport"/);
  const noMethod = await fx.client.request(9, '');
  t.is(noMethod.error.code, 'invalid_request');
  t.is((await fx.client.request(10, 'still.works')).result, 'fine');
});

test('a result too large for one frame is replaced by an internal error response', async (t) => {
  const fx = await connected(t, { maxFrame: 4096 });
  fx.server.setRequestHandler(async () => 'x'.repeat(10_000));
  const response = await fx.client.request(1, 'huge');
  t.is(response.error.code, 'internal');
  t.regex(response.error.message, /exceeds the maximum/);
});

test('log envelopes from a module are re-emitted with its identity', async (t) => {
  const fx = await connected(t);
  const logged = nextEvent(fx.server, 'log');
  fx.client.send({ kind: 'log', level: 'warn', message: 'disk almost full' });
  t.deepEqual(await logged, { module: 'indexer', instanceId: fx.inst.instanceId, level: 'warn', message: 'disk almost full' });
});

test('the node can send raw envelopes and a shutdown to a connected instance', async (t) => {
  const fx = await connected(t);
  t.true(fx.server.send(fx.inst.instanceId, { kind: 'event', type: 'NewBlock', data: { height: 1 } }));
  t.deepEqual(await fx.client.next(), { kind: 'event', type: 'NewBlock', data: { height: 1 } });
  t.true(fx.server.sendShutdown(fx.inst.instanceId, 'operator stop'));
  t.deepEqual(await fx.client.next(), { kind: 'shutdown', reason: 'operator stop' });
  t.false(fx.server.sendShutdown('nobody', 'x'));
  const gone = nextEvent(fx.server, 'disconnected');
  t.true(fx.server.disconnect(fx.inst.instanceId, 'stopped by operator'));
  t.deepEqual(await gone, { module: 'indexer', instanceId: fx.inst.instanceId, reason: 'stopped by operator' });
  await fx.client.closed;
  t.false(fx.server.disconnect(fx.inst.instanceId, 'again'));
});

test('invoke results from a module are re-emitted for the caller to correlate', async (t) => {
  const fx = await connected(t);
  const result = nextEvent(fx.server, 'invoke_result');
  fx.client.send({ kind: 'invoke_result', id: 'cli-1', result: { text: 'ok' } });
  t.deepEqual(await result, { module: 'indexer', instanceId: fx.inst.instanceId, id: 'cli-1', result: { text: 'ok' } });
});
