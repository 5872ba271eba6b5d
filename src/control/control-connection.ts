// One operator client on the control socket: many calls and streams at once, each answered.
import type { Socket } from 'node:net';
import type { Logger } from '../log/logger.js';
import type { FrameObject } from '../ipc/frame-decoder.js';
import { FramedSocket } from '../ipc/framed-socket.js';
import { METHOD_NOT_FOUND, PARSE_ERROR, parseRequest, toJsonRpcError, type JsonRpcError, type JsonRpcId } from './json-rpc.js';

/** Who sent a control request, for audit lines ("control connection #7"). */
export interface CallerInfo {
  peer: string;
}

export type CallHandler = (params: any, caller: CallerInfo) => Promise<unknown>;
export type StreamHandler = (params: any, push: (value: unknown) => boolean, signal: AbortSignal) => Promise<unknown>;
export type Registered = { kind: 'call'; handler: CallHandler } | { kind: 'stream'; handler: StreamHandler };

export interface ControlConnectionDeps {
  id: number;
  maxFrame: number;
  log: Logger;
  lookup: (method: string) => Registered | undefined;
  onClosed: (conn: ControlConnection) => void;
}

export class ControlConnection {
  private readonly deps: ControlConnectionDeps;
  private readonly framed: FramedSocket;
  private readonly active = new Set<AbortController>();

  constructor(socket: Socket, deps: ControlConnectionDeps) {
    this.deps = deps;
    this.framed = new FramedSocket(socket, {
      maxFrame: deps.maxFrame,
      onFrame: (frame) => this.onFrame(frame),
      onClose: (reason) => this.onClose(reason),
      badFrameReply: (error) => ({ jsonrpc: '2.0', id: null, error: { code: PARSE_ERROR, message: error.message } }),
    });
  }

  close(reason: string): void {
    this.framed.close(reason);
  }

  private get peer(): string {
    return `control connection #${this.deps.id}`;
  }

  private onFrame(frame: FrameObject): void {
    const parsed = parseRequest(frame);
    if (!parsed.ok) {
      this.deps.log.warn('invalid control request', { peer: this.peer, reason: parsed.error.message });
      this.reply(parsed.id, { error: parsed.error });
      return;
    }
    const { id, method, params } = parsed.request;
    const entry = this.deps.lookup(method);
    if (!entry) {
      this.deps.log.debug('unknown control method', { peer: this.peer, method });
      if (id !== undefined) this.reply(id, { error: { code: METHOD_NOT_FOUND, message: `method not found: ${method}` } });
      return;
    }
    void this.run(entry, method, params ?? {}).then((outcome) => {
      if (id !== undefined) this.reply(id, outcome);
    });
  }

  // Never rejects: the handler's failure becomes the JSON-RPC error of the reply.
  private async run(entry: Registered, method: string, params: unknown): Promise<{ result: unknown } | { error: JsonRpcError }> {
    const controller = new AbortController();
    this.active.add(controller);
    try {
      const result =
        entry.kind === 'call'
          ? await entry.handler(params, { peer: this.peer })
          : await entry.handler(params, (value) => this.push(method, value), controller.signal);
      return { result: result === undefined ? null : result };
    } catch (error) {
      const rpcError = toJsonRpcError(error);
      this.deps.log[rpcError.data?.code === 'internal' ? 'warn' : 'debug']('control method failed', {
        peer: this.peer,
        method,
        reason: rpcError.message,
      });
      return { error: rpcError };
    } finally {
      this.active.delete(controller);
    }
  }

  private push(method: string, value: unknown): boolean {
    try {
      return this.framed.send({ jsonrpc: '2.0', method: `${method}.item`, params: value === undefined ? null : value });
    } catch (error) {
      this.deps.log.warn('stream item not sent', { peer: this.peer, method, reason: (error as Error).message });
      return false;
    }
  }

  private reply(id: JsonRpcId, outcome: { result: unknown } | { error: JsonRpcError }): void {
    try {
      this.framed.send({ jsonrpc: '2.0', id, ...outcome });
    } catch (error) {
      const message = `reply could not be sent: ${(error as Error).message}`;
      this.deps.log.warn('control reply replaced by an error', { peer: this.peer, reason: message });
      this.framed.send({ jsonrpc: '2.0', id, error: toJsonRpcError(new Error(message)) });
    }
  }

  private onClose(reason: string): void {
    for (const controller of this.active) controller.abort();
    this.active.clear();
    const level = reason === 'peer closed the connection' ? 'debug' : 'warn';
    this.deps.log[level]('control connection closed', { peer: this.peer, reason });
    this.deps.onClosed(this);
  }
}
