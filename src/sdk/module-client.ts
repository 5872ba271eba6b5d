// A module's connection to its node: requests, logs, events, pings and shutdown.
import type { Socket } from 'node:net';
import { BlvmError, errorText } from '../errors.js';
import type { EventEnvelope, ModuleLogLevel } from '../ipc/envelopes.js';
import type { FrameObject } from '../ipc/frame-decoder.js';
import { FramedSocket } from '../ipc/framed-socket.js';
import { PROTOCOL_VERSION } from '../version.js';
import type { ModuleEnv } from './module-env.js';
import { ModuleRequestError } from './module-request-error.js';
import { PendingRequests } from './pending-requests.js';
import { readModuleConfig } from './read-config.js';

export interface ModuleClientOptions {
  exitOnClose: boolean;
  shutdownTimeoutMs: number;
  maxFrame: number;
}

export interface Welcome {
  nodeVersion: string;
  protocol: number;
  capabilities: string[];
  instanceId: string;
}

export type ShutdownHandler = (reason: string) => void | Promise<void>;
export type EventHandler = (event: EventEnvelope) => void;

export class ModuleClient {
  readonly module: string;
  readonly dataDir: string;
  private readonly env: ModuleEnv;
  private readonly opts: ModuleClientOptions;
  private readonly framed: FramedSocket;
  private readonly pending = new PendingRequests();
  private readonly shutdownHandlers: ShutdownHandler[] = [];
  private readonly eventHandlers: EventHandler[] = [];
  private session: Welcome | undefined;
  private handshake: { resolve: (w: Welcome) => void; reject: (e: Error) => void } | undefined;
  private closedByAuthor = false;
  private closed: Promise<void>;
  private markClosed: () => void = () => {};
  private stopping: Promise<void> | undefined;

  constructor(socket: Socket, env: ModuleEnv, opts: ModuleClientOptions) {
    this.env = env;
    this.opts = opts;
    this.module = env.module;
    this.dataDir = env.dataDir;
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
    this.framed = new FramedSocket(socket, {
      maxFrame: opts.maxFrame,
      onFrame: (frame) => this.onFrame(frame),
      onClose: (reason) => this.onClose(reason),
    });
  }

  /** Sends the hello and waits for the welcome; called once, by connect(). */
  start(timeoutMs: number): Promise<Welcome> {
    return new Promise<Welcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.handshake = undefined;
        this.framed.close('handshake timed out');
        reject(new ModuleRequestError('timeout', `the node sent no welcome within ${timeoutMs} ms`, 'hello'));
      }, timeoutMs);
      const settle = <T>(fn: (value: T) => void) => (value: T) => {
        clearTimeout(timer);
        this.handshake = undefined;
        fn(value);
      };
      this.handshake = { resolve: settle(resolve), reject: settle(reject) };
      this.framed.send({ kind: 'hello', module: this.env.module, token: this.env.token, protocol: PROTOCOL_VERSION });
    });
  }

  get instanceId(): string {
    return this.welcome().instanceId;
  }

  /** Capabilities the node granted this instance. */
  get capabilities(): string[] {
    return [...this.welcome().capabilities];
  }

  get nodeVersion(): string {
    return this.welcome().nodeVersion;
  }

  /** Calls a node method; rejects with ModuleRequestError (its `code` says why) on failure. */
  request(method: string, params: unknown = {}, opts: { timeoutMs?: number } = {}): Promise<unknown> {
    const { id, result } = this.pending.open(method, opts.timeoutMs);
    let sent: boolean;
    try {
      sent = this.framed.send({ kind: 'request', id, method, params });
    } catch (error) {
      this.pending.fail(id, new ModuleRequestError('invalid_request', errorText(error), method));
      return result;
    }
    if (!sent) this.pending.fail(id, new ModuleRequestError('unavailable', 'connection to the node is closed', method));
    return result;
  }

  /** Tells the node this module has registered what it offers. */
  async ready(): Promise<void> {
    await this.request('ready', {});
  }

  /** Sends a log line to the node (it lands in the node's log with this module's name). */
  log(level: ModuleLogLevel, message: string): void {
    this.framed.send({ kind: 'log', level, message });
  }

  /** The merged module configuration; {} when the node wrote none. */
  config(): Promise<Record<string, unknown>> {
    return readModuleConfig(this.env.configPath);
  }

  /** Runs on a shutdown message and when the connection ends, before the process exits. */
  onShutdown(handler: ShutdownHandler): void {
    this.shutdownHandlers.push(handler);
  }

  onEvent(handler: EventHandler): void {
    this.eventHandlers.push(handler);
  }

  /** Closes the connection without exiting the process. */
  close(): Promise<void> {
    this.closedByAuthor = true;
    this.framed.close('closed by the module', { flush: true });
    return this.closed;
  }

  private welcome(): Welcome {
    if (!this.session) throw new BlvmError('unavailable', 'the module is not connected to the node yet');
    return this.session;
  }

  private onFrame(frame: FrameObject): void {
    if (this.handshake) {
      this.onHandshakeFrame(frame);
      return;
    }
    switch (frame.kind) {
      case 'response':
        this.pending.settle(frame.id, frame);
        return;
      case 'ping':
        this.framed.send({ kind: 'pong', id: frame.id });
        return;
      case 'event':
        this.deliverEvent(frame as EventEnvelope);
        return;
      case 'invoke':
        this.framed.send({
          kind: 'invoke_result',
          id: frame.id,
          error: { code: 'not_found', message: `module ${this.module} has no handler for ${String(frame.method)}` },
        });
        return;
      case 'shutdown':
        void this.shutdown(typeof frame.reason === 'string' ? frame.reason : 'shutdown requested by the node', true);
        return;
      case 'error':
        process.stderr.write(`blvm: the node reported: ${ModuleRequestError.fromWire(frame.error, 'envelope').message}\n`);
        return;
      default:
        return;
    }
  }

  private onHandshakeFrame(frame: FrameObject): void {
    const handshake = this.handshake as NonNullable<typeof this.handshake>;
    if (frame.kind === 'welcome') {
      this.session = {
        nodeVersion: String(frame.node_version),
        protocol: Number(frame.protocol),
        capabilities: Array.isArray(frame.capabilities) ? frame.capabilities.map(String) : [],
        instanceId: String(frame.instance_id),
      };
      handshake.resolve(this.session);
    } else if (frame.kind === 'error') {
      handshake.reject(ModuleRequestError.fromWire(frame.error, 'hello'));
      this.framed.close('handshake refused');
    } else {
      handshake.reject(new ModuleRequestError('internal', `expected a welcome, got ${JSON.stringify(frame.kind)}`, 'hello'));
      this.framed.close('handshake failed');
    }
  }

  private deliverEvent(event: EventEnvelope): void {
    for (const handler of this.eventHandlers) {
      try {
        handler(event);
      } catch (error) {
        process.stderr.write(`blvm: event handler failed: ${errorText(error)}\n`);
      }
    }
  }

  private onClose(reason: string): void {
    this.handshake?.reject(new ModuleRequestError('unavailable', `connection to the node closed (${reason})`, 'hello'));
    this.pending.failAll((method) => new ModuleRequestError('unavailable', `connection to the node closed (${reason})`, method));
    this.markClosed();
    if (this.closedByAuthor || !this.session) return;
    void this.shutdown(`connection to the node closed (${reason})`, this.opts.exitOnClose);
  }

  // Shutdown handlers run once, bounded in time; then the connection closes and, if asked, the process exits.
  private shutdown(reason: string, exit: boolean): Promise<void> {
    this.stopping ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          process.stderr.write(`blvm: shutdown handlers still running after ${this.opts.shutdownTimeoutMs} ms\n`);
          resolve();
        }, this.opts.shutdownTimeoutMs);
      });
      const handlers = Promise.allSettled(this.shutdownHandlers.map(async (handler) => handler(reason))).then((results) => {
        for (const r of results) if (r.status === 'rejected') process.stderr.write(`blvm: shutdown handler failed: ${errorText(r.reason)}\n`);
      });
      await Promise.race([handlers, deadline]);
      clearTimeout(timer);
      this.framed.close('module shut down', { flush: true });
      if (exit) process.exit(0);
    })();
    return this.stopping;
  }
}
