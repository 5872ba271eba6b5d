import test from 'ava';
import { execa } from 'execa';
import { mkdir } from 'node:fs/promises';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { ModuleServer } from '../../src/ipc/module-server.js';
import { connect } from '../../src/sdk/index.js';
import { waitUntil } from '../../src/testing/wait.js';
import { captureLog } from '../ipc/support/capture-log.js';
import { RawClient } from '../ipc/support/raw-client.js';
import { expectInstance, startServer } from '../ipc/support/module-server-fixture.js';
import { tempDir } from '../ipc/support/temp-dir.js';
import { moduleEnv } from './support/module-env.js';

function connectError(path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = netConnect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(undefined);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code));
  });
}

// A socket file whose listener was SIGKILLed: connecting to it fails with ECONNREFUSED.
async function staleSocket(path: string): Promise<void> {
  const listener = execa('node', ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`]);
  await new Promise<void>((resolve) => listener.stdout?.once('data', () => resolve()));
  listener.kill('SIGKILL');
  await listener.catch(() => {});
}

test('connect retries ECONNREFUSED with back-off and succeeds once the node listens (issue 13)', async (t) => {
  const dir = await tempDir(t);
  const socketPath = join(dir, 'sockets', 'node.sock');
  await mkdir(join(dir, 'sockets'), { mode: 0o700 });
  await staleSocket(socketPath);
  t.is(await connectError(socketPath), 'ECONNREFUSED');
  const inst = { module: 'late', instanceId: 'late-i1', token: 'tok-late-1-secret', capabilities: [] };
  const connecting = connect({ env: moduleEnv(socketPath, dir, inst), exitOnClose: false, retryForMs: 20_000 });
  t.is(await connectError(socketPath), 'ECONNREFUSED', 'the module\'s first attempt was refused too');
  const server = new ModuleServer({ socketPath, maxFrame: 1024 * 1024, pingInterval: 60_000, requestTimeout: 5000, log: captureLog() });
  server.expect(inst);
  await server.listen();
  t.teardown(() => server.close());
  const client = await connecting;
  t.teardown(() => client.close());
  t.is(client.instanceId, 'late-i1');
});

test('connect retries when the node closes the connection before its welcome (issue 13)', async (t) => {
  const fx = await startServer(t, { limits: { maxConnections: 1, maxPendingConnections: 1 } });
  const squatter = await RawClient.open(t, fx.socketPath);
  const inst = expectInstance(fx.server, 'patient', 1);
  const connecting = connect({ env: moduleEnv(fx.socketPath, fx.dir, inst), exitOnClose: false, retryForMs: 20_000 });
  await waitUntil(() => fx.log.find('connection limits', 'over_max_connections').length > 0, {
    timeoutMs: 5000,
    message: "the node to turn the module's connection away",
  });
  squatter.socket.destroy();
  const client = await connecting;
  t.teardown(() => client.close());
  t.is(client.instanceId, inst.instanceId);
});

test('a refused hello is not retried: the typed error comes at once', async (t) => {
  const fx = await startServer(t);
  const inst = expectInstance(fx.server, 'watcher', 1);
  const error = await t.throwsAsync(connect({ env: { ...moduleEnv(fx.socketPath, fx.dir, inst), BLVM_TOKEN: 'stolen' }, exitOnClose: false }));
  t.regex(error?.message ?? '', /token does not match/);
  t.is(fx.log.find('module connection refused').length, 1, 'one attempt only');
});
