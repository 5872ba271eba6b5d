// A module's connection to its node: typed module API requests, event subscriptions, exposed
// methods and CLI commands, logs, pings and shutdown.
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { BlvmError, errorText } from '../errors.js';
import { requestJson, type ModuleLogLevel } from '../ipc/envelopes.js';
import type { FrameObject } from '../ipc/frame-decoder.js';
import { FramedSocket } from '../ipc/framed-socket.js';
import { PROTOCOL_VERSION } from '../protocol-version.js';
import type { CallOptions, ModuleEvent, ModuleInfo, ModuleMetrics, ModuleSummary, NodeInfo, SubscribeOptions } from './api-types.js';
import { EventRouter, type EventHandler } from './event-router.js';
import type { EventSubscription } from './event-subscription.js';
import { InvokeHandlers, type CliGroup, type ExposedHandler } from './invoke-handlers.js';
import { ModuleDatabase } from './module-database.js';
import { openKv } from '../module-db/open-kv.js';
import type { KvStore } from '../module-db/kv-types.js';
import type { ModuleDatabaseBackend } from '../module-db/backends.js';
import type { ModuleEnv } from './module-env.js';
import { ModuleRequestError } from './module-request-error.js';
import { PendingRequests } from './pending-requests.js';
import { ReadyGuard } from './ready-guard.js';
import { readModuleConfig } from './read-config.js';
import { finishModule, type ShutdownHandler } from './shutdown-sequence.js';

export type { EventHandler } from './event-router.js';

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

export type { ShutdownHandler } from './shutdown-sequence.js';

export class ModuleClient {
  readonly module: string;
  readonly dataDir: string;
  /** The backend node.kv() stores live on, chosen by the node (database_backend). */
  readonly databaseBackend: ModuleDatabaseBackend;
  private readonly env: ModuleEnv;
  private readonly opts: ModuleClientOptions;
  private readonly framed: FramedSocket;
  private readonly pending = new PendingRequests();
  private readonly events = new EventRouter(() => this.readyGuard.waiting());
  private readonly readyGuard = new ReadyGuard((message) => {
    process.stderr.write(`blvm: ${message}\n`);
    this.log('error', message);
  });
  private readonly offered = new InvokeHandlers();
  private readonly shutdownHandlers: ShutdownHandler[] = [];
  private readonly databases: { close(): Promise<void> }[] = [];
  private readonly durable = new Set<EventSubscription>();
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
    this.databaseBackend = env.databaseBackend;
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
    this.framed = new FramedSocket(socket, {
      maxFrame: opts.maxFrame,
      // A request reaches the node at once; the others of the same turn follow in one write.
      batchWrites: 'after-first',
      onFrame: (frame) => this.onFrame(frame),
      onClose: (reason) => this.onClose(reason),
    });
    process.on('exit', this.flushAtExit);
  }

  // Frames held for the end of the turn are handed to the socket if the process exits in it.
  private readonly flushAtExit = (): void => this.framed.flush();

  /** Sends the hello and waits for the welcome (without a deadline when timeoutMs is 0); called once, by connect(). */
  start(timeoutMs: number): Promise<Welcome> {
    return new Promise<Welcome>((resolve, reject) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              this.handshake = undefined;
              this.framed.close('handshake timed out');
              reject(new ModuleRequestError('timeout', `the node sent no welcome within ${timeoutMs} ms`, 'hello'));
            }, timeoutMs)
          : undefined;
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
      const json = requestJson(id, method, params);
      sent = json === undefined ? this.framed.send({ kind: 'request', id, method, params }) : this.framed.sendJson(json);
    } catch (error) {
      this.pending.fail(id, new ModuleRequestError('invalid_request', errorText(error), method));
      return result;
    }
    if (!sent) this.pending.fail(id, new ModuleRequestError('unavailable', 'connection to the node is closed', method));
    return result;
  }

  /** Tells the node this module has registered what it offers: only then is it announced as loaded. */
  async ready(): Promise<void> {
    this.readyGuard.called();
    await this.request('ready', {});
  }

  nodeInfo(): Promise<NodeInfo> {
    return this.request('node.info') as Promise<NodeInfo>;
  }

  async listModules(): Promise<ModuleSummary[]> {
    return ((await this.request('modules.list')) as { modules: ModuleSummary[] }).modules;
  }

  moduleInfo(name: string): Promise<ModuleInfo> {
    return this.request('modules.info', { name }) as Promise<ModuleInfo>;
  }

  /** Subscribes (needs `subscribe_events`); iterate the result with `for await`. */
  async subscribe(opts: SubscribeOptions = {}): Promise<EventSubscription> {
    const sub = await this.events.open((method, params) => this.request(method, params), opts);
    if (sub.durable) this.durable.add(sub);
    return sub;
  }

  /** Publishes `<module>.<name>` (needs `publish_events`); a bare name is prefixed with this module's name. */
  async publish(name: string, data: unknown = null): Promise<number | null> {
    const type = name.startsWith(`${this.module}.`) ? name : `${this.module}.${name}`;
    return ((await this.request('events.publish', { type, data })) as { seq: number | null }).seq;
  }

  /** Offers methods to modules that depend on this one (needs `register_module_api`); a `capability` it provides guards a method. */
  async expose(methods: Record<string, ExposedHandler | { description?: string; capability?: string; handler: ExposedHandler }>): Promise<string[]> {
    const list = Object.entries(methods).map(([name, def]) => {
      const handler = typeof def === 'function' ? def : def.handler;
      this.offered.addMethod(name, handler);
      if (typeof def === 'function') return { name };
      return { name, ...(def.description ? { description: def.description } : {}), ...(def.capability ? { capability: def.capability } : {}) };
    });
    return ((await this.request('module.expose', { methods: list })) as { exposed: string[] }).exposed;
  }

  /** Calls a method another module exposed (needs `call_module`; the target must be a declared dependency). */
  call(module: string, method: string, params: unknown = {}, opts: CallOptions = {}): Promise<unknown> {
    return this.request('module.call', { module, method, params, ...(opts.timeoutMs ? { timeout_ms: opts.timeoutMs } : {}) });
  }

  /** Registers a command group for `blvm <group> <command>` (needs `register_cli`). */
  async registerCli(group: CliGroup): Promise<void> {
    this.offered.addCliGroup(group);
    const commands = group.commands.map(({ run: _run, ...spec }) => spec);
    await this.request('cli.register', { name: group.name, ...(group.about ? { about: group.about } : {}), commands });
  }

  /** Reports numeric metrics about this module (needs `report_metrics`). */
  async reportMetrics(metrics: Record<string, number>): Promise<void> {
    await this.request('metrics.report', { metrics });
  }

  /** Metrics modules reported (needs `read_metrics`). */
  async readMetrics(module?: string): Promise<ModuleMetrics[]> {
    return ((await this.request('metrics.read', module === undefined ? {} : { module })) as { modules: ModuleMetrics[] }).modules;
  }

  /**
   * This module's own SQL database, `BLVM_DATA_DIR/db/<name>.sqlite`; closed at shutdown. SQL
   * needs the sqlite backend: on any other, use kv().
   */
  async database(name = 'main'): Promise<ModuleDatabase> {
    if (this.databaseBackend !== 'sqlite') {
      throw new BlvmError('config_invalid', `node.database() is the SQL interface of the sqlite backend; module ${this.module} runs on database_backend "${this.databaseBackend}": use node.kv()`);
    }
    const db = await ModuleDatabase.open(this.dataDir, name);
    this.databases.push(db);
    return db;
  }

  /** This module's key-value store `name` on its database backend, under `BLVM_DATA_DIR/db/`; closed at shutdown. */
  async kv(name = 'main'): Promise<KvStore> {
    const store = await openKv(join(this.dataDir, 'db'), this.databaseBackend, name);
    this.databases.push(store);
    return store;
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

  /** Every delivered event, whatever its subscription. */
  onEvent(handler: EventHandler): void {
    this.events.onEvent(handler);
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
        this.events.deliver(frame as ModuleEvent);
        return;
      case 'invoke':
        void this.offered.handle(frame, (envelope) => this.trySend(envelope));
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

  // A result too large for one frame is answered with an error instead, so the caller is not left waiting.
  private trySend(envelope: object): void {
    try {
      this.framed.send(envelope);
    } catch (error) {
      const id = (envelope as { id?: unknown }).id;
      this.framed.send({ kind: 'invoke_result', id, error: { code: 'internal', message: `result not sent: ${errorText(error)}` } });
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

  private onClose(reason: string): void {
    process.off('exit', this.flushAtExit);
    this.handshake?.reject(new ModuleRequestError('unavailable', `connection to the node closed (${reason})`, 'hello'));
    this.pending.failAll((method) => new ModuleRequestError('unavailable', `connection to the node closed (${reason})`, method));
    this.events.endAll();
    this.markClosed();
    if (this.closedByAuthor || !this.session) return;
    void this.shutdown(`connection to the node closed (${reason})`, this.opts.exitOnClose);
  }

  // Runs once: shutdown work bounded in time, then the connection closes and, if asked, the process exits.
  private shutdown(reason: string, exit: boolean): Promise<void> {
    this.stopping ??= (async () => {
      await finishModule(reason, {
        handlers: this.shutdownHandlers,
        durable: [...this.durable],
        databases: this.databases,
        timeoutMs: this.opts.shutdownTimeoutMs,
      });
      this.framed.close('module shut down', { flush: true });
      if (exit) process.exit(0);
    })();
    return this.stopping;
  }
}

