import { spawn } from 'node:child_process';
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { BlvmError } from '../../src/errors.js';
import { ModuleServer } from '../../src/ipc/module-server.js';
import { silentLogger } from '../../src/log/logger.js';
import { RawClient } from './support/raw-client.js';
import { expectInstance, nextEvent, startServer } from './support/module-server-fixture.js';
import { tempDir } from './support/temp-dir.js';

function server(socketPath: string): ModuleServer {
  return new ModuleServer({ socketPath, maxFrame: 1024, pingInterval: 60_000, requestTimeout: 1000, log: silentLogger });
}

// A listener killed with SIGKILL leaves its socket file behind, as a crashed daemon would.
async function leaveStaleSocket(path: string): Promise<void> {
  const script = `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
}

test('the socket file is 0600 inside a 0700 directory', async (t) => {
  const fx = await startServer(t);
  t.is((await stat(fx.socketPath)).mode & 0o777, 0o600);
  t.is((await stat(join(fx.dir, 'sockets'))).mode & 0o777, 0o700);
});

test('an existing socket directory with looser permissions is tightened to 0700', async (t) => {
  const dir = await tempDir(t);
  const socketDir = join(dir, 'sockets');
  await mkdir(socketDir, { mode: 0o755 });
  await chmod(socketDir, 0o755);
  const s = server(join(socketDir, 'node.sock'));
  await s.listen();
  t.teardown(() => s.close());
  t.is((await stat(socketDir)).mode & 0o777, 0o700);
});

test('a stale socket file left by a dead node is replaced', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'node.sock');
  await leaveStaleSocket(path);
  t.true((await stat(path)).isSocket());
  const s = server(path);
  await s.listen();
  t.teardown(() => s.close());
  const inst = expectInstance(s, 'm', 1);
  const [, welcome] = await RawClient.hello(t, path, 'm', inst.token);
  t.is(welcome.kind, 'welcome');
});

test('a socket another node is listening on is not taken over', async (t) => {
  const fx = await startServer(t);
  const second = server(fx.socketPath);
  const error = await t.throwsAsync(second.listen(), { instanceOf: BlvmError });
  t.is(error?.code, 'conflict');
  t.regex(error?.message ?? '', /already listening/);
  await second.close();
  t.true((await stat(fx.socketPath)).isSocket(), 'the running node keeps its socket');
});

test('a regular file where the socket should be is left alone', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'node.sock');
  await writeFile(path, 'precious');
  await t.throwsAsync(server(path).listen(), { instanceOf: BlvmError, message: /is not a socket/ });
});

test('a socket path longer than a Unix socket allows is refused with its length', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'x'.repeat(120), 'node.sock');
  await t.throwsAsync(server(path).listen(), { instanceOf: BlvmError, message: /longer than the 107 bytes/ });
});

test('closing the server disconnects every module and removes the socket file', async (t) => {
  const fx = await startServer(t);
  const a = expectInstance(fx.server, 'a', 1);
  const b = expectInstance(fx.server, 'b', 1);
  const [ca] = await RawClient.hello(t, fx.socketPath, 'a', a.token);
  const [cb] = await RawClient.hello(t, fx.socketPath, 'b', b.token);
  const reasons: string[] = [];
  fx.server.on('disconnected', (e) => reasons.push(`${e.module}: ${e.reason}`));
  await fx.server.close();
  await Promise.all([ca.closed, cb.closed]);
  t.deepEqual(reasons.sort(), ['a: the node closed the module socket', 'b: the node closed the module socket']);
  await t.throwsAsync(stat(fx.socketPath), { code: 'ENOENT' });
  t.deepEqual(fx.server.connectedInstances(), []);
});

test('a module that closes its side is reported disconnected', async (t) => {
  const fx = await startServer(t);
  const inst = expectInstance(fx.server, 'quitter', 1);
  const [client] = await RawClient.hello(t, fx.socketPath, 'quitter', inst.token);
  const gone = nextEvent(fx.server, 'disconnected');
  client.socket.end();
  t.deepEqual(await gone, { module: 'quitter', instanceId: inst.instanceId, reason: 'peer closed the connection' });
});
