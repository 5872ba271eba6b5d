import test, { type ExecutionContext } from 'ava';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { FramedSocket } from '../../src/ipc/framed-socket.js';
import type { FrameObject } from '../../src/ipc/frame-decoder.js';
import { waitUntil } from '../../src/testing/wait.js';
import { tempDir } from './support/temp-dir.js';

// A real Unix socket pair: the client side wrapped in a FramedSocket, the server side framed too.
async function framedPair(t: ExecutionContext, batchWrites?: boolean | 'after-first') {
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

// The sizes of the buffers handed to the socket, one entry per write call.
function recordWrites(socket: Socket): number[] {
  const writes: number[] = [];
  const write = socket.write.bind(socket) as (chunk: Buffer) => boolean;
  socket.write = ((chunk: Buffer) => {
    writes.push(chunk.length);
    return write(chunk);
  }) as typeof socket.write;
  return writes;
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

test('a turn of frames leaves as one write of one buffer, in order with split batches sent between them (issue 19)', async (t) => {
  const { framed, socket, received } = await framedPair(t);
  const writes = recordWrites(socket);
  framed.send({ kind: 'request', id: 1 });
  framed.sendJson('{"kind":"request","id":2}');
  t.is(writes.length, 0, 'nothing is written while the turn goes on');
  t.true(framed.backlog > 0, 'queued frames count as output not yet taken by the kernel');
  framed.sendSplitBatch([Buffer.from('{"kind":"event",')], [Buffer.from('"id":3}')]);
  framed.send({ kind: 'request', id: 4 });
  await waitUntil(() => received.length === 4, { intervalMs: 5, message: () => `four frames to arrive (${received.length} did)` });
  t.deepEqual(received.map((f) => f.id), [1, 2, 3, 4]);
  t.is(writes.length, 3, 'frames 1 and 2 as one buffer, the split batch, frame 4');
});

test('frames queued in a turn are sent before a close with flush ends the connection', async (t) => {
  const { framed, received } = await framedPair(t);
  framed.send({ kind: 'response', id: 1 });
  framed.sendJson('{"kind":"response","id":2}');
  framed.close('done', { flush: true });
  await waitUntil(() => received.length === 2, { intervalMs: 5, message: () => `both frames to arrive (${received.length} did)` });
  t.deepEqual(received.map((f) => f.id), [1, 2]);
});

test('after-first writes the first frame of a turn at once and the rest of the turn as one write (issue 19)', async (t) => {
  const { framed, socket, received } = await framedPair(t, 'after-first');
  const writes = recordWrites(socket);
  framed.send({ kind: 'request', id: 1 });
  t.is(writes.length, 1, 'the first frame is handed to the socket in the same call');
  for (let id = 2; id <= 5; id++) framed.send({ kind: 'request', id });
  t.is(writes.length, 1, 'the rest wait for the end of the turn');
  await waitUntil(() => received.length === 5, { intervalMs: 5, message: () => `five frames to arrive (${received.length} did)` });
  t.deepEqual(received.map((f) => f.id), [1, 2, 3, 4, 5]);
  t.is(writes.length, 2);
  framed.send({ kind: 'request', id: 6 });
  t.is(writes.length, 3, 'a new turn starts with a frame written at once again');
});
