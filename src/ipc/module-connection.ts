// One module connection: hello within a deadline, then requests, pongs and logs until it ends.
import type { Socket } from 'node:net';
import type { Logger } from '../log/logger.js';
import { isApiErrorCode, type ApiErrorBody, type ApiErrorCode } from './api-errors.js';
import { errorEnvelope, isModuleLogLevel, isRequestId } from './envelopes.js';
import type { FrameObject } from './frame-decoder.js';
import { FramedSocket } from './framed-socket.js';
import { checkHello } from './handshake.js';
import type { ExpectedInstance, InstanceRegistry } from './instance-registry.js';
import { Liveness } from './liveness.js';
import type { ModuleServerEvents } from './module-server-events.js';
import { RequestDispatcher } from './request-dispatcher.js';
import type { RequestHandler } from './request-runner.js';

export interface ConnectionSettings {
  maxFrame: number;
  maxBufferedOutput: number;
  /** Ping interval of instances that do not bring their own (see ExpectedInstance.pingInterval). */
  pingInterval: number;
  requestTimeout: number;
  helloTimeout: number;
  maxInFlight: number;
  protocol: number;
  nodeVersion: string;
}

export interface ConnectionHost {
  readonly registry: InstanceRegistry;
  readonly settings: ConnectionSettings;
  readonly log: Logger;
  requestHandler(): RequestHandler | undefined;
  emitEvent<K extends keyof ModuleServerEvents>(name: K, ...payload: ModuleServerEvents[K]): void;
  bound(conn: ModuleConnection): void;
  /** A standby's hello was accepted and is held: the connection waits for admit(). */
  held(conn: ModuleConnection): void;
  closed(conn: ModuleConnection): void;
  /** Bytes this connection holds for frames not yet complete (counted against the node-wide budget). */
  buffered(conn: ModuleConnection, bytes: number): void;
  /** The log message as it may be logged, or null when the module is over its log rate. */
  admitLog(module: string, message: string): string | null;
  /** Logs a refused connection; under a flood only a few per second, then a count. */
  warnRefused(peer: string, reason: string): void;
}

/** Largest frame accepted before the hello is: a hello is a few hundred bytes. */
export const HELLO_MAX_FRAME = 4096;

export class ModuleConnection {
  readonly id: number;
  readonly socket: Socket;
  instance: ExpectedInstance | undefined;
  /** A standby whose hello is held: no welcome, no pings, no requests until admitted. */
  heldInstance: ExpectedInstance | undefined;
  ready = false;
  private readonly host: ConnectionHost;
  private readonly framed: FramedSocket;
  private requests: RequestDispatcher | undefined;
  private helloTimer: NodeJS.Timeout | undefined;
  private liveness: Liveness | undefined;
  private claimedModule: string | undefined;
  private refused = false;

  constructor(socket: Socket, id: number, host: ConnectionHost) {
    this.id = id;
    this.socket = socket;
    this.host = host;
    this.framed = new FramedSocket(socket, {
      maxFrame: host.settings.maxFrame,
      inboundLimit: HELLO_MAX_FRAME,
      onBuffered: (bytes) => host.buffered(this, bytes),
      maxBufferedOutput: host.settings.maxBufferedOutput,
      onFrame: (frame) => this.onFrame(frame),
      onClose: (reason) => this.onClose(reason),
      badFrameReply: (error) => errorEnvelope({ code: 'invalid_request', message: error.message }),
      onDrain: () => {
        if (this.instance) this.host.emitEvent('drain', { module: this.instance.module, instanceId: this.instance.instanceId });
      },
    });
    this.helloTimer = setTimeout(
      () => this.refuse('invalid_request', `no hello within ${host.settings.helloTimeout} ms`),
      host.settings.helloTimeout,
    );
    this.helloTimer.unref();
  }

  /** How logs and 'refused' events name this connection. */
  get peer(): string {
    const name = this.instance?.module ?? this.claimedModule;
    return name === undefined ? `connection #${this.id}` : `${name} (connection #${this.id})`;
  }

  /** Sends an envelope; false when closed, dropped for unread output, or too large to encode. */
  send(envelope: object): boolean {
    try {
      return this.framed.send(envelope);
    } catch (error) {
      this.host.log.warn('module envelope not sent', { peer: this.peer, reason: (error as Error).message });
      return false;
    }
  }

  /** Writes raw bytes (fault injection); false when closed. */
  sendRaw(bytes: Buffer): boolean {
    return this.framed.sendRaw(bytes);
  }

  /** Sends payloads already encoded as UTF-8 JSON (head + shared body) in one corked batch; false like send(). */
  sendSplitBatch(heads: readonly Buffer[], bodies: readonly Buffer[]): boolean {
    try {
      return this.framed.sendSplitBatch(heads, bodies);
    } catch (error) {
      this.host.log.warn('module envelopes not sent', { peer: this.peer, reason: (error as Error).message });
      return false;
    }
  }

  /** Bytes queued for this connection that the kernel has not taken yet. */
  get backlog(): number {
    return this.framed.backlog;
  }

  close(reason: string, flush = false): void {
    this.framed.close(reason, { flush });
  }

  private onFrame(frame: FrameObject): void {
    if (this.heldInstance) {
      this.refuseWhileHeld(frame);
      return;
    }
    if (!this.instance) {
      this.onHello(frame);
      return;
    }
    switch (frame.kind) {
      case 'request':
        this.requests?.handle(frame);
        return;
      case 'pong':
        this.onPong(frame.id);
        return;
      case 'log':
        this.onLog(frame);
        return;
      case 'invoke_result':
        this.onInvokeResult(frame);
        return;
      default:
        this.protocolMistake(`unexpected envelope kind ${JSON.stringify(frame.kind)} after the handshake`);
    }
  }

  private onHello(frame: FrameObject): void {
    if (typeof frame.module === 'string' && frame.module.length > 0) this.claimedModule = frame.module;
    const check = checkHello(frame, this.host.settings.protocol);
    if (!check.ok) {
      this.refuse(check.code, check.reason);
      return;
    }
    const claim = this.host.registry.claim(check.hello.module, check.hello.token);
    if (!claim.ok) {
      this.refuse('permission_denied', claim.reason);
      return;
    }
    clearTimeout(this.helloTimer);
    if (claim.instance.held) {
      this.heldInstance = claim.instance;
      this.host.held(this);
      this.host.log.info('standby connected, its hello held until it is admitted', { module: claim.instance.module, instanceId: claim.instance.instanceId, connection: this.id });
      this.host.emitEvent('held', { module: claim.instance.module, instanceId: claim.instance.instanceId });
      return;
    }
    this.bind(claim.instance);
  }

  /** The held standby becomes a module instance: its hello is answered now. */
  admit(): void {
    const held = this.heldInstance;
    if (!held || this.framed.closed) return;
    this.heldInstance = undefined;
    this.bind({ ...held, held: false });
    // The welcome leaves before the machine finishes the transition that admitted the spare.
    this.framed.flush();
  }

  // A standby may not act before it is admitted: a request gets `unavailable`, anything else an error.
  private refuseWhileHeld(frame: FrameObject): void {
    const message = 'this instance is a standby that has not been admitted: its hello is not answered yet';
    if (frame.kind === 'request' && isRequestId(frame.id)) {
      this.host.log.debug('standby request refused', { peer: this.peer, method: frame.method });
      this.send({ kind: 'response', id: frame.id, error: { code: 'unavailable', message } });
      return;
    }
    this.send(errorEnvelope({ code: 'invalid_request', message }));
  }

  private bind(instance: ExpectedInstance): void {
    this.instance = instance;
    this.framed.inboundLimit = this.host.settings.maxFrame;
    this.host.bound(this);
    const { module, instanceId, capabilities } = instance;
    this.requests = new RequestDispatcher({
      instance,
      requestTimeout: this.host.settings.requestTimeout,
      maxInFlight: this.host.settings.maxInFlight,
      log: this.host.log,
      peer: () => this.peer,
      handler: () => this.host.requestHandler(),
      sendFrame: (envelope) => this.framed.send(envelope),
      sendJson: (json) => this.framed.sendJson(json),
      protocolMistake: (message) => this.protocolMistake(message),
      onReady: () => this.onReady(),
    });
    this.startLiveness(module, instanceId, instance.pingInterval ?? this.host.settings.pingInterval);
    this.send({
      kind: 'welcome',
      node_version: this.host.settings.nodeVersion,
      protocol: this.host.settings.protocol,
      capabilities: [...capabilities],
      instance_id: instanceId,
    });
    this.host.log.info('module connected', { module, instanceId, connection: this.id });
    this.host.emitEvent('connected', { module, instanceId });
  }

  /** Restarts the liveness timer at `ms`; the missed-ping count goes on. */
  setPingInterval(ms: number): void {
    this.liveness?.setInterval(ms);
  }

  private onPong(id: unknown): void {
    if (!this.liveness?.pong(id) || !this.instance) {
      this.host.log.debug('pong for an unknown ping', { peer: this.peer, id });
      return;
    }
    this.host.emitEvent('pong', { module: this.instance.module, instanceId: this.instance.instanceId, id: id as number });
  }

  private startLiveness(module: string, instanceId: string, interval: number): void {
    this.liveness = new Liveness({
      interval,
      sendPing: (id) => this.send({ kind: 'ping', id }),
      onMissed: (missed) => {
        this.host.log.warn('module missed a ping', { module, instanceId, missed });
        this.host.emitEvent('liveness', { module, instanceId, missed });
      },
      onRecovered: () => {
        this.host.log.info('module answers pings again', { module, instanceId });
        this.host.emitEvent('liveness', { module, instanceId, missed: 0 });
      },
    });
    this.liveness.start();
  }

  private onReady(): void {
    if (this.ready || !this.instance) return;
    this.ready = true;
    const { module, instanceId } = this.instance;
    this.host.log.info('module ready', { module, instanceId });
    this.host.emitEvent('ready', { module, instanceId });
  }

  private onLog(frame: FrameObject): void {
    if (!this.instance) return;
    const level = isModuleLogLevel(frame.level) ? frame.level : 'info';
    const raw = typeof frame.message === 'string' ? frame.message : (JSON.stringify(frame.message) ?? '');
    const message = this.host.admitLog(this.instance.module, raw);
    if (message === null) return;
    this.host.emitEvent('log', { module: this.instance.module, instanceId: this.instance.instanceId, level, message });
  }

  private onInvokeResult(frame: FrameObject): void {
    if (!this.instance || !isRequestId(frame.id)) {
      this.protocolMistake('invoke_result without a string or number id');
      return;
    }
    const { module, instanceId } = this.instance;
    const error = readErrorBody(frame.error);
    this.host.emitEvent(
      'invoke_result',
      error ? { module, instanceId, id: frame.id, error } : { module, instanceId, id: frame.id, result: frame.result },
    );
  }

  // Well-framed but meaningless input is answered, never punished with a disconnect.
  private protocolMistake(message: string): void {
    this.host.log.warn('module sent an invalid envelope', { peer: this.peer, reason: message });
    this.send(errorEnvelope({ code: 'invalid_request', message }));
  }

  private refuse(code: ApiErrorCode, reason: string): void {
    if (this.refused || this.framed.closed) return;
    this.refused = true;
    clearTimeout(this.helloTimer);
    this.host.warnRefused(this.peer, reason);
    this.send(errorEnvelope({ code, message: reason }));
    this.close(`refused: ${reason}`, true);
    this.host.emitEvent('refused', { peer: this.peer, reason });
  }

  private onClose(reason: string): void {
    clearTimeout(this.helloTimer);
    this.liveness?.stop();
    this.requests?.abortAll();
    this.host.closed(this);
    if (this.instance) {
      const { module, instanceId } = this.instance;
      this.host.registry.release(instanceId);
      const level = ABNORMAL_END.test(reason) ? 'warn' : 'info';
      this.host.log[level]('module disconnected', { module, instanceId, connection: this.id, reason });
      this.host.emitEvent('disconnected', { module, instanceId, reason });
    } else if (this.heldInstance) {
      this.host.registry.release(this.heldInstance.instanceId);
      this.host.log.info('standby disconnected before it was admitted', { module: this.heldInstance.module, instanceId: this.heldInstance.instanceId, reason });
    } else if (!this.refused && reason.startsWith('protocol_error')) {
      this.host.warnRefused(this.peer, reason);
      this.host.emitEvent('refused', { peer: this.peer, reason });
    } else if (!this.refused) {
      this.host.log.debug('module connection closed before its hello', { peer: this.peer, reason });
    }
  }
}

/** Reasons that mean the module misbehaved or broke, rather than a requested or orderly end. */
const ABNORMAL_END = /^(protocol_error|ping_timeout|output buffer exceeded|input budget exceeded|socket error)/;

function readErrorBody(value: unknown): ApiErrorBody | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { code, message } = value as Record<string, unknown>;
  return {
    code: isApiErrorCode(code) ? code : 'internal',
    message: typeof message === 'string' ? message : 'module reported an error without a message',
  };
}
