// The baselines' server side, with nothing of blvm: plain length-prefixed JSON over a Unix
// socket. An echo server (request → response) and a broadcaster (one frame to every client).
import { createServer, type Server, type Socket } from 'node:net';

export function rawFrame(value: unknown): Buffer {
  const payload = Buffer.from(JSON.stringify(value), 'utf8');
  const header = Buffer.allocUnsafe(4);
  header.writeUInt32BE(payload.length, 0);
  return Buffer.concat([header, payload]);
}

function readFrames(socket: Socket, onFrame: (f: Record<string, unknown>) => void): void {
  let buffered: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    let offset = 0;
    while (buffered.length - offset >= 4) {
      const length = buffered.readUInt32BE(offset);
      if (buffered.length - offset < 4 + length) break;
      onFrame(JSON.parse(buffered.toString('utf8', offset + 4, offset + 4 + length)) as Record<string, unknown>);
      offset += 4 + length;
    }
    buffered = offset === buffered.length ? Buffer.alloc(0) : buffered.subarray(offset);
  });
}

export interface RawServer {
  clients: Socket[];
  close(): Promise<void>;
}

function listen(path: string, onSocket: (socket: Socket) => void): Promise<{ server: Server; clients: Socket[] }> {
  const clients: Socket[] = [];
  const server = createServer((socket) => {
    clients.push(socket);
    socket.on('error', () => {});
    onSocket(socket);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve({ server, clients }));
  });
}

function closer(server: Server, clients: Socket[]): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const c of clients) c.destroy();
      server.close(() => resolve());
    });
}

/** Answers every request frame with a response carrying its id and params. */
export async function startRawEcho(path: string): Promise<RawServer> {
  const { server, clients } = await listen(path, (socket) => {
    readFrames(socket, (f) => socket.write(rawFrame({ kind: 'response', id: f.id, result: f.params })));
  });
  return { clients, close: closer(server, clients) };
}

/** Accepts clients; the caller writes frames to `clients`. */
export async function startRawBroadcast(path: string): Promise<RawServer> {
  const { server, clients } = await listen(path, () => {});
  return { clients, close: closer(server, clients) };
}
