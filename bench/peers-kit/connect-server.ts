// The benchmark's Unix socket: peers' programs connect and send their pid; the connect time
// (taken when the connection is accepted) is what restart and start-up latencies end at.
import { createServer, type Server, type Socket } from 'node:net';

export interface Connection {
  /** Date.now() when the connection was accepted. */
  at: number;
  pid: number;
}

type Waiter = { accept: (c: Connection) => boolean; resolve: (c: Connection) => void };

export class ConnectServer {
  readonly connections: Connection[] = [];
  /** Every pid that ever connected, for the final kill of leftovers. */
  readonly pids = new Set<number>();
  private readonly sockets = new Set<Socket>();
  private waiters: Waiter[] = [];

  private constructor(private readonly server: Server) {}

  static async listen(path: string): Promise<ConnectServer> {
    const server = createServer();
    const cs = new ConnectServer(server);
    server.on('connection', (socket) => cs.accepted(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    return cs;
  }

  private accepted(socket: Socket): void {
    const at = Date.now();
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
      if (!text.includes('\n')) return;
      const connection = { at, pid: Number(text.split('\n')[0]) };
      text = '';
      this.connections.push(connection);
      this.pids.add(connection.pid);
      for (const w of this.waiters.filter((w) => w.accept(connection))) w.resolve(connection);
      this.waiters = this.waiters.filter((w) => !w.accept(connection));
    });
  }

  /** The first connection (already seen or future) that `accept` takes; rejects after `timeoutMs`. */
  next(accept: (c: Connection) => boolean, timeoutMs: number): Promise<Connection> {
    const seen = this.connections.find(accept);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching program connected within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = { accept, resolve: (c) => (clearTimeout(timer), resolve(c)) };
      this.waiters.push(waiter);
    });
  }

  /** Resolves once `count` distinct pids have connected since `since`. */
  async waitForDistinct(count: number, since: number, timeoutMs: number): Promise<Connection[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const byPid = new Map(this.connections.filter((c) => c.at >= since).map((c) => [c.pid, c]));
      if (byPid.size >= count) return [...byPid.values()];
      if (Date.now() > deadline) throw new Error(`only ${byPid.size} of ${count} programs connected within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Drops every connection (the programs then exit on their own) and stops listening. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
