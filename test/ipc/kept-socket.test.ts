import { connect, createServer, type Socket } from 'node:net';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { KeptSocket } from '../../src/ipc/kept-socket.js';
import type { LogFields } from '../../src/log/logger.js';
import { captureLog } from './support/capture-log.js';
import { tempDir } from './support/temp-dir.js';

async function echoSocket(t: ExecutionContext) {
  const dir = await tempDir(t);
  const path = join(dir, 'sockets', 'x.sock');
  const server = createServer((socket) => socket.on('data', (d) => socket.write(d)));
  const log = captureLog();
  const kept = new KeptSocket(server, path, { enforceDirMode: true, label: 'test socket', log, checkMs: 20 });
  await kept.listen();
  t.teardown(() => kept.close());
  return { dir, path, kept, log };
}

function echo(socket: Socket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('data', (d) => resolve(d.toString()));
    socket.once('error', reject);
    socket.write(text);
  });
}

function open(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(path, () => resolve(s));
    s.once('error', reject);
  });
}

async function until(what: string, check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const exists = (p: string) => stat(p).then(() => true, () => false);

test('a removed socket file is recreated with a warning, and open connections keep working (issue 14)', async (t) => {
  const fx = await echoSocket(t);
  const before = await open(fx.path);
  t.teardown(() => before.destroy());
  await rm(fx.path);
  await until('the socket file is back', () => exists(fx.path));
  t.is((await stat(fx.path)).mode & 0o777, 0o600);
  const after = await open(fx.path);
  t.teardown(() => after.destroy());
  t.is(await echo(after, 'new'), 'new');
  t.is(await echo(before, 'old'), 'old');
  t.is(fx.log.find('test socket file was removed; recreating it').length, 1);
});

test('a removed socket directory is recreated too (issue 14)', async (t) => {
  const fx = await echoSocket(t);
  await rm(join(fx.dir, 'sockets'), { recursive: true });
  await until('the socket file is back', () => exists(fx.path));
  const s = await open(fx.path);
  t.teardown(() => s.destroy());
  t.is(await echo(s, 'hi'), 'hi');
});

test('a socket file replaced by another file is left alone while the listener runs', async (t) => {
  const fx = await echoSocket(t);
  await writeFile(`${fx.path}.tmp`, 'not ours');
  await rename(`${fx.path}.tmp`, fx.path);
  await until('the replacement is reported', async () => fx.log.find('replaced by another file').length > 0);
  t.true((await stat(fx.path)).isFile());
  t.is(fx.log.find('recreating it').length, 0);
});

test('closing while the socket is being recreated waits for it, then leaves no listener and no socket file behind', async (t) => {
  const dir = await tempDir(t);
  const socketDir = join(dir, 'sockets');
  const path = join(socketDir, 'x.sock');
  const server = createServer();
  t.teardown(() => void server.close());
  const log = captureLog();
  let binds = 0;
  let closing: Promise<void> | undefined;
  const warn = (msg: string, fields?: LogFields) => {
    log.warn(msg, fields);
    // Close right after the check decided to recreate, while its bind is under way.
    if (msg.includes('recreating')) queueMicrotask(() => (closing ??= kept.close()));
  };
  const kept = new KeptSocket(server, path, {
    enforceDirMode: true,
    label: 'test socket',
    log: { ...log, warn },
    checkMs: 20,
    afterBind: async () => {
      binds += 1;
    },
  });
  await kept.listen();
  await rm(socketDir, { recursive: true });
  await until('the check starts recreating the socket', async () => closing !== undefined);
  await closing;
  t.is(binds, 2, 'the recreation in progress finished before close returned');
  t.false(server.listening, 'the listener bound by the recreation is closed');
  t.false(await exists(path), 'the socket file it created is removed');
});
