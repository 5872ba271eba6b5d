import test, { type ExecutionContext } from 'ava';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { FramedSocket } from '../../src/ipc/framed-socket.js';
import type { FrameObject } from '../../src/ipc/frame-decoder.js';
import { waitUntil } from '../../src/testing/wait.js';
import { tempDir } from './support/temp-dir.js';

// A real Unix socket pair: the client side wrapped in a FramedSocket, the server side framed too.
async function framedPair(t: ExecutionContext, batchWrites?: boolean) {
  const path = join(await tempDir(t), 'pair.sock');
  const received: FrameObject[] = [];
  const server = createServer((peer) => {
    new FramedSocket(peer, { maxFrame: 1 << 16, onFrame: (f) => received.push(f), onClose: () => {} });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  const socket: Socket = connect(path);
  await new Promise((resolve) => socket.once('connect', resolve));
  const framed = new FramedSocket(socket, { maxFrame: 1 << 16, batchWrites, onFrame: () => {}, onClose: () => {} });
  t.teardown(() => {
    framed.close('test over');
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { framed, socket, received };
}

test('frames sent in one turn are held back and leave together by default', async (t) => {
  const { framed, socket, received } = await framedPair(t);
  framed.send({ kind: 'request', id: 1 });
  framed.send({ kind: 'request', id: 2 });
  t.is(socket.writableCorked, 1);
  await waitUntil(() => received.length === 2, { intervalMs: 5, message: () => `both frames to arrive (${received.length} did)` });
  t.deepEqual(received.map((f) => f.id), [1, 2]);
});

test('with batchWrites off every frame is written at once, in order', async (t) => {
  const { framed, socket, received } = await framedPair(t, false);
  framed.send({ kind: 'request', id: 1 });
  t.is(socket.writableCorked, 0);
  framed.send({ kind: 'request', id: 2 });
  t.is(socket.writableCorked, 0);
  await waitUntil(() => received.length === 2, { intervalMs: 5, message: () => `both frames to arrive (${received.length} did)` });
  t.deepEqual(received.map((f) => f.id), [1, 2]);
});
