// The node's module socket: many concurrent module connections, each authenticated by the
// single-use token of the instance the node just spawned.
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { Logger } from '../log/logger.js';
import { NODE_VERSION, PROTOCOL_VERSION } from '../version.js';
import { ConnectionGate, type ConnectionLimits } from './connection-gate.js';
import type { ExpectedInstance } from './instance-registry.js';
import { InstanceRegistry } from './instance-registry.js';
import { ModuleConnection, type ConnectionHost, type ConnectionSettings } from './module-connection.js';
import { DEFAULT_MODULE_LOG_LIMITS, ModuleLogBudget, type LogDrops, type ModuleLogLimits } from './module-log-budget.js';
import type { ModuleServerEvents } from './module-server-events.js';
import { RefusalLog } from './refusal-log.js';
import type { RequestHandler } from './request-runner.js';
import { KeptSocket } from './kept-socket.js';

export type { ExpectedInstance } from './instance-registry.js';
export type { RequestContext, RequestHandler } from './request-runner.js';

export interface ModuleServerOptions {
  socketPath: string;
  maxFrame: number;
  /** Default ping interval; an expected instance may bring its own. */
  pingInterval: number;
  requestTimeout: number;
  log: Logger;
  /** Time a new connection has to send its hello; default 5000 ms. */
  helloTimeout?: number;
  /** Unsent output per connection before it is dropped; default 8 × maxFrame. */
  maxBufferedOutput?: number;
  /** Requests in flight per connection before `rate_limited`; default 1024. */
  maxInFlight?: number;
  /** Runs after the socket file is bound, at start and whenever it is recreated. */
  afterBind?: (path: string) => Promise<void>;
  /** Sockets, pending handshakes and buffered input the node holds; defaults of `[ipc]`. */
  limits?: Partial<ConnectionLimits>;
  /** Rate and size of module log messages; defaults of `[logs]`. */
  moduleLog?: ModuleLogLimits;
}

/** Defaults of `[ipc]` max_connections, max_pending_connections and max_buffered_input. */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 256,
  maxPendingConnections: 64,
  maxBufferedInput: 64 * 1024 * 1024,
};

export interface ConnectedInstance {
  module: string;
  instanceId: string;
  ready: boolean;
}

export class ModuleServer extends EventEmitter<ModuleServerEvents> {
  readonly socketPath: string;
  private readonly log: Logger;
  private readonly settings: ConnectionSettings;
  private readonly registry = new InstanceRegistry();
  private readonly connections = new Set<ModuleConnection>();
  private readonly byInstance = new Map<string, ModuleConnection>();
  /** Standbys whose hello is held, by instance id. */
  private readonly heldByInstance = new Map<string, ModuleConnection>();
  private readonly server: Server;
  private readonly gate: ConnectionGate;
  private readonly refusals: RefusalLog;
  private readonly logBudget: ModuleLogBudget;
  private handler: RequestHandler | undefined;
  private nextConnectionId = 1;
  private closing: Promise<void> | undefined;
  private readonly socketFile: KeptSocket;

  constructor(opts: ModuleServerOptions) {
    super();
    this.socketPath = opts.socketPath;
    this.log = opts.log.child({ component: 'ipc' });
    this.settings = {
      maxFrame: opts.maxFrame,
      maxBufferedOutput: opts.maxBufferedOutput ?? 8 * opts.maxFrame,
      pingInterval: opts.pingInterval,
      requestTimeout: opts.requestTimeout,
      helloTimeout: opts.helloTimeout ?? 5000,
      maxInFlight: opts.maxInFlight ?? 1024,
      protocol: PROTOCOL_VERSION,
      nodeVersion: NODE_VERSION,
    };
    const limits = { ...DEFAULT_CONNECTION_LIMITS, ...opts.limits };
    this.refusals = new RefusalLog(this.log, () => ({
      max_connections: limits.maxConnections,
      max_pending_connections: limits.maxPendingConnections,
      max_buffered_input: limits.maxBufferedInput,
    }));
    this.gate = new ConnectionGate(limits, (kind) => this.refusals.gateShed(kind));
    this.logBudget = new ModuleLogBudget(opts.moduleLog ?? DEFAULT_MODULE_LOG_LIMITS, this.log);
    this.server = createServer((socket) => this.accept(socket));
    this.server.on('error', (error) => this.log.error('module socket error', { path: this.socketPath, reason: error.message }));
    this.socketFile = new KeptSocket(this.server, this.socketPath, { enforceDirMode: true, label: 'module socket', log: this.log, afterBind: opts.afterBind });
  }

  /** Prepares the directory (0700), replaces a stale socket file, listens (0600); a removed socket file is recreated. */
  async listen(): Promise<void> {
    await this.socketFile.listen();
    this.log.info('module socket listening', { path: this.socketPath, dir: dirname(this.socketPath) });
  }

  /** Closes every connection and the listener, then removes the socket file. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const listenerClosed = this.socketFile.close();
      for (const conn of [...this.connections]) conn.close('the node closed the module socket');
      await listenerClosed;
      this.refusals.close();
      this.logBudget.close();
      this.log.info('module socket closed', { path: this.socketPath });
    })();
    return this.closing;
  }

  /** Announces the instance about to be spawned and the token it will present. */
  expect(inst: ExpectedInstance): void {
    this.registry.expect(inst);
  }

  /** The instance is gone: its token stops working and its connection, if any, is closed. */
  forget(instanceId: string): void {
    this.registry.forget(instanceId);
    this.byInstance.get(instanceId)?.close('instance forgotten by the node');
    this.heldByInstance.get(instanceId)?.close('instance forgotten by the node');
  }

  /** A standby becomes a module instance: its held hello is answered now, or at once when it arrives. */
  admit(instanceId: string): void {
    this.registry.admit(instanceId);
    const conn = this.heldByInstance.get(instanceId);
    if (!conn) return;
    this.heldByInstance.delete(instanceId);
    conn.admit();
  }

  /** A live connection pings at the new interval; an instance not yet connected gets it at its handshake. */
  setPingInterval(instanceId: string, ms: number): void {
    this.registry.setPingInterval(instanceId, ms);
    this.byInstance.get(instanceId)?.setPingInterval(ms);
  }

  sendShutdown(instanceId: string, reason: string): boolean {
    return this.send(instanceId, { kind: 'shutdown', reason });
  }

  disconnect(instanceId: string, reason: string): boolean {
    const conn = this.byInstance.get(instanceId);
    if (!conn) return false;
    conn.close(reason);
    return true;
  }

  /** Writes bytes that are not a valid frame to an instance's connection (fault injection). */
  sendGarbage(instanceId: string, bytes: Buffer): boolean {
    return this.byInstance.get(instanceId)?.sendRaw(bytes) ?? false;
  }

  /** Sends a raw envelope to a connected instance; false when it is not connected (or was just dropped). */
  send(instanceId: string, envelope: object): boolean {
    return this.byInstance.get(instanceId)?.send(envelope) ?? false;
  }

  /**
   * Sends payloads that are already UTF-8 JSON envelopes, each a per-subscription head and a
   * body shared by every subscriber (one event encoded once for many), as frames in one batch; false when the instance is not connected or was dropped.
   */
  sendSplit(instanceId: string, heads: readonly Buffer[], bodies: readonly Buffer[]): boolean {
    return this.byInstance.get(instanceId)?.sendSplitBatch(heads, bodies) ?? false;
  }

  /** Bytes written to the instance but not yet taken by the kernel; null when it is not connected. */
  backlog(instanceId: string): number | null {
    return this.byInstance.get(instanceId)?.backlog ?? null;
  }

  /** Largest frame payload sent or accepted, in bytes. */
  get maxFrame(): number {
    return this.settings.maxFrame;
  }

  /**
   * A module's log message as it may be logged (cut to the maximum size), or null when the
   * module is over its log rate and the message is dropped (and counted).
   */
  admitLog(module: string, message: string, extraBytes = 0): string | null {
    return this.logBudget.admit(module, message, extraBytes);
  }

  /** Log messages of a module dropped since the node started. */
  logDrops(module: string): LogDrops {
    return this.logBudget.drops(module);
  }

  /** Sockets open and waiting for their hello, and bytes of incomplete frames held. */
  load(): { open: number; pending: number; bufferedInput: number } {
    return { open: this.gate.openCount, pending: this.gate.pendingCount, bufferedInput: this.gate.bufferedInput };
  }

  setRequestHandler(h: RequestHandler): void {
    this.handler = h;
  }

  connectedInstances(): ConnectedInstance[] {
    return [...this.byInstance.values()].map((conn) => {
      const { module, instanceId } = conn.instance as ExpectedInstance;
      return { module, instanceId, ready: conn.ready };
    });
  }

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    if (!this.gate.admit(socket)) return;
    const conn = new ModuleConnection(socket, this.nextConnectionId++, this.host());
    this.gate.attach(socket, conn);
    this.connections.add(conn);
    this.log.debug('module connection accepted', { connection: conn.id });
  }

  private host(): ConnectionHost {
    return {
      registry: this.registry,
      settings: this.settings,
      log: this.log,
      requestHandler: () => this.handler,
      emitEvent: (name, ...payload) => {
        (this.emit as (event: string, ...args: unknown[]) => boolean).call(this, name, ...payload);
      },
      bound: (conn) => {
        this.gate.authenticated(conn.socket);
        if (conn.instance) this.byInstance.set(conn.instance.instanceId, conn);
      },
      held: (conn) => {
        this.gate.authenticated(conn.socket);
        if (conn.heldInstance) this.heldByInstance.set(conn.heldInstance.instanceId, conn);
      },
      buffered: (conn, bytes) => this.gate.buffered(conn.socket, bytes),
      admitLog: (module, message) => this.logBudget.admit(module, message),
      warnRefused: (peer, reason) => this.refusals.refused(peer, reason),
      closed: (conn) => {
        this.connections.delete(conn);
        if (conn.instance && this.byInstance.get(conn.instance.instanceId) === conn) {
          this.byInstance.delete(conn.instance.instanceId);
        }
        if (conn.heldInstance && this.heldByInstance.get(conn.heldInstance.instanceId) === conn) {
          this.heldByInstance.delete(conn.heldInstance.instanceId);
        }
      },
    };
  }
}
