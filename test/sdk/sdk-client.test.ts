import { writeFile } from 'node:fs/promises';
import test from 'ava';
import { BlvmError } from '../../src/errors.js';
import { apiError } from '../../src/ipc/api-errors.js';
import { connect, ModuleRequestError } from '../../src/sdk/index.js';
import { waitUntil } from '../../src/testing/wait.js';
import { expectInstance, nextEvent, startServer } from '../ipc/support/module-server-fixture.js';
import { moduleEnv } from './support/module-env.js';

// In this process the client must never exit it: exitOnClose is always false here.
async function connected(t: Parameters<typeof startServer>[0], overrides = {}) {
  const fx = await startServer(t, overrides);
  const inst = expectInstance(fx.server, 'watcher', 1, ['subscribe_events']);
  const env = moduleEnv(fx.socketPath, fx.dir, inst);
  const client = await connect({ env, exitOnClose: false });
  t.teardown(() => client.close());
  return { ...fx, inst, env, client };
}

test('connect names every missing BLVM_ variable', async (t) => {
  const error = await t.throwsAsync(connect({ env: { BLVM_SOCKET: '/tmp/x.sock', BLVM_MODULE: 'm' }, exitOnClose: false }), {
    instanceOf: BlvmError,
  });
  t.regex(error?.message ?? '', /BLVM_TOKEN, BLVM_DATA_DIR, BLVM_CONFIG not set/);
});

test('connect fails clearly when nothing listens on the socket, once its retries are spent', async (t) => {
  const env = { BLVM_SOCKET: '/tmp/blvm-nothing-here.sock', BLVM_MODULE: 'm', BLVM_TOKEN: 't', BLVM_DATA_DIR: '/tmp', BLVM_CONFIG: '/tmp/c.json' };
  await t.throwsAsync(connect({ env, exitOnClose: false, retryForMs: 300 }), {
    instanceOf: BlvmError,
    message: /cannot connect to the node socket .*ENOENT.*gave up after \d+ attempts/,
  });
});

test('the welcome tells the module its instance id, capabilities and the node version', async (t) => {
  const { client, inst } = await connected(t);
  t.is(client.instanceId, inst.instanceId);
  t.deepEqual(client.capabilities, ['subscribe_events']);
  t.is(typeof client.nodeVersion, 'string');
  t.is(client.module, 'watcher');
});

test('a refused hello rejects with the node\'s typed error', async (t) => {
  const fx = await startServer(t);
  const inst = expectInstance(fx.server, 'watcher', 1);
  const env = { ...moduleEnv(fx.socketPath, fx.dir, inst), BLVM_TOKEN: 'stolen' };
  const error = await t.throwsAsync(connect({ env, exitOnClose: false }), { instanceOf: ModuleRequestError });
  t.is(error?.code, 'permission_denied');
  t.is(error?.method, 'hello');
  t.regex(error?.message ?? '', /token does not match/);
});

test('requests resolve with results and reject with typed errors carrying the code', async (t) => {
  const { server, client } = await connected(t);
  server.setRequestHandler(async (_ctx, method, params) => {
    if (method === 'chain.block') throw new BlvmError('not_found', 'no block 42');
    if (method === 'spam') throw apiError('rate_limited', 'slow down');
    return { echoed: params };
  });
  t.deepEqual(await client.request('echo', { a: 1 }), { echoed: { a: 1 } });
  const missing = await t.throwsAsync(client.request('chain.block', { height: 42 }), { instanceOf: ModuleRequestError });
  t.is(missing?.code, 'not_found');
  t.is(missing?.method, 'chain.block');
  const limited = await t.throwsAsync(client.request('spam'), { instanceOf: ModuleRequestError });
  t.is(limited?.code, 'rate_limited');
});

test('concurrent requests are correlated with their own responses', async (t) => {
  const { server, client } = await connected(t);
  server.setRequestHandler(async (_ctx, _method, params) => {
    const { n } = params as { n: number };
    await new Promise((resolve) => setTimeout(resolve, (20 - n) * 3));
    return n;
  });
  const results = await Promise.all(Array.from({ length: 20 }, (_, n) => client.request('work', { n })));
  t.deepEqual(results, Array.from({ length: 20 }, (_, n) => n));
});

test('a request with timeoutMs rejects with a timeout error when the node is slower', async (t) => {
  const { server, client } = await connected(t);
  server.setRequestHandler((ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve(null))));
  const error = await t.throwsAsync(client.request('slow', {}, { timeoutMs: 50 }), { instanceOf: ModuleRequestError });
  t.is(error?.code, 'timeout');
});

test('ready(), log() and pings need nothing more from the module author', async (t) => {
  const { server, client, inst } = await connected(t, { pingInterval: 30 });
  const pongs: number[] = [];
  server.on('pong', (e) => pongs.push(e.id));
  const ready = nextEvent(server, 'ready');
  await client.ready();
  t.deepEqual(await ready, { module: 'watcher', instanceId: inst.instanceId });
  const logged = nextEvent(server, 'log');
  client.log('info', 'indexed 10 blocks');
  t.is((await logged).message, 'indexed 10 blocks');
  await waitUntil(() => pongs.length >= 3, { message: () => `three pongs from the SDK client (got ${JSON.stringify(pongs)})` });
  t.deepEqual(pongs.slice(0, 3), [1, 2, 3], 'every ping was answered');
  t.deepEqual(server.connectedInstances(), [{ module: 'watcher', instanceId: inst.instanceId, ready: true }]);
});

test('events go to every event handler, invokes without a handler get a not_found result', async (t) => {
  const { server, client, inst } = await connected(t);
  const seen: unknown[] = [];
  client.onEvent((e) => seen.push(e.type));
  client.onEvent((e) => seen.push(e.data));
  const result = nextEvent(server, 'invoke_result');
  server.send(inst.instanceId, { kind: 'event', type: 'ChainReorg', data: { depth: 2 } });
  server.send(inst.instanceId, { kind: 'invoke', id: 'i1', method: 'cli.run', params: {} });
  const answer = await result;
  t.is(answer.id, 'i1');
  t.is(answer.error?.code, 'not_found');
  t.deepEqual(seen, ['ChainReorg', { depth: 2 }]);
});

test('config() parses the file at BLVM_CONFIG and is empty when there is none', async (t) => {
  const { client, env } = await connected(t);
  t.deepEqual(await client.config(), {});
  await writeFile(env.BLVM_CONFIG, JSON.stringify({ depth: 6, name: 'x' }));
  t.deepEqual(await client.config(), { depth: 6, name: 'x' });
  await writeFile(env.BLVM_CONFIG, '{ not json');
  await t.throwsAsync(client.config(), { instanceOf: BlvmError, message: /is not valid JSON/ });
});

test('when the node goes away, waiting requests fail as unavailable and shutdown handlers still run', async (t) => {
  const { server, client } = await connected(t);
  let received = 0;
  server.setRequestHandler(() => {
    received += 1;
    return new Promise(() => {});
  });
  const reasons: string[] = [];
  const handled = new Promise<void>((resolve) =>
    client.onShutdown((reason) => {
      reasons.push(reason);
      resolve();
    }),
  );
  const pending = client.request('never');
  await waitUntil(() => received === 1, { message: 'the node to receive the request' });
  await server.close();
  const error = await t.throwsAsync(pending, { instanceOf: ModuleRequestError });
  t.is(error?.code, 'unavailable');
  await handled;
  t.regex(reasons[0], /connection to the node closed/);
});
