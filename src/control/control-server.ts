// The operator socket (data/control.sock): JSON-RPC 2.0 over length-prefixed frames.
import { createServer, type Server, type Socket } from 'node:net';
import { BlvmError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { KeptSocket } from '../ipc/kept-socket.js';
import { ControlConnection, type CallHandler, type Registered, type StreamHandler } from './control-connection.js';

export type { CallHandler, StreamHandler } from './control-connection.js';

export interface ControlServerOptions {
  socketPath: string;
  maxFrame: number;
  log: Logger;
}

export class ControlServer {
  readonly socketPath: string;
  private readonly maxFrame: number;
  private readonly log: Logger;
  private readonly methods = new Map<string, Registered>();
  private readonly connections = new Set<ControlConnection>();
  private readonly server: Server;
  private nextId = 1;
  private closing: Promise<void> | undefined;
  private readonly socketFile: KeptSocket;

  constructor(opts: ControlServerOptions) {
    this.socketPath = opts.socketPath;
    this.maxFrame = opts.maxFrame;
    this.log = opts.log.child({ component: 'control' });
    this.server = createServer((socket) => this.accept(socket));
    this.server.on('error', (error) => this.log.error('control socket error', { path: this.socketPath, reason: error.message }));
    this.socketFile = new KeptSocket(this.server, this.socketPath, { enforceDirMode: false, label: 'control socket', log: this.log });
  }

  register(method: string, handler: CallHandler): void {
    this.add(method, { kind: 'call', handler });
  }

  /** A follow-mode method: each pushed value goes out as a `<method>.item` notification, then the final response. */
  registerStream(method: string, handler: StreamHandler): void {
    this.add(method, { kind: 'stream', handler });
  }

  /** Creates the directory if needed (0700), replaces a stale socket file, listens (0600); a removed socket file is recreated. */
  async listen(): Promise<void> {
    await this.socketFile.listen();
    this.log.info('control socket listening', { path: this.socketPath });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      const listenerClosed = this.socketFile.close();
      for (const conn of [...this.connections]) conn.close('the daemon closed the control socket');
      await listenerClosed;
    })();
    return this.closing;
  }

  private add(method: string, entry: Registered): void {
    if (this.methods.has(method)) throw new BlvmError('conflict', `control method ${method} is already registered`);
    this.methods.set(method, entry);
  }

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const conn = new ControlConnection(socket, {
      id: this.nextId++,
      maxFrame: this.maxFrame,
      log: this.log,
      lookup: (method) => this.methods.get(method),
      onClosed: (closed) => this.connections.delete(closed),
    });
    this.connections.add(conn);
  }
}
