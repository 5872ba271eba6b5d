// Node → module calls (`invoke` / `invoke_result`): correlation, a deadline per call, and
// `unavailable` for every call still waiting when the callee's connection ends (a crash).
import type { ApiErrorBody } from '../ipc/api-errors.js';
import { apiError } from '../ipc/api-errors.js';
import type { RequestId } from '../ipc/envelopes.js';
import type { InstanceRef } from '../ipc/module-server-events.js';

export interface InvokeSocket {
  send(instanceId: string, envelope: object): boolean;
  on(event: 'invoke_result', listener: (e: InstanceRef & { id: RequestId; result?: unknown; error?: ApiErrorBody }) => void): unknown;
  on(event: 'disconnected', listener: (e: InstanceRef & { reason: string }) => void): unknown;
  off(event: 'invoke_result' | 'disconnected', listener: (...args: never[]) => void): unknown;
}

export interface InvokeOptions {
  timeoutMs: number;
  /** The calling module, passed to the callee as `caller`. */
  caller?: string;
  /** Cancels the wait (the caller's request ended). */
  signal?: AbortSignal;
}

interface Waiting {
  module: string;
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  cleanup: () => void;
}

export class InvokeBroker {
  private nextId = 1;
  private readonly waiting = new Map<string, Waiting>();
  private readonly onResult = (e: InstanceRef & { id: RequestId; result?: unknown; error?: ApiErrorBody }): void => {
    const entry = this.take(e.instanceId, String(e.id));
    if (!entry) return;
    if (e.error) entry.reject(apiError(e.error.code, `${e.module}: ${e.error.message}`));
    else entry.resolve(e.result === undefined ? null : e.result);
  };
  private readonly onDisconnected = (e: InstanceRef & { reason: string }): void => {
    const prefix = `${e.instanceId}\n`;
    for (const key of [...this.waiting.keys()]) {
      if (!key.startsWith(prefix)) continue;
      const entry = this.take(e.instanceId, key.slice(prefix.length)) as Waiting;
      entry.reject(apiError('unavailable', `module ${e.module} went away before answering ${entry.method} (${e.reason})`));
    }
  };

  constructor(private readonly socket: InvokeSocket) {
    socket.on('invoke_result', this.onResult);
    socket.on('disconnected', this.onDisconnected);
  }

  get inFlight(): number {
    return this.waiting.size;
  }

  /** Sends an invoke to a connected instance and resolves with its result (rejects with a typed error). */
  invoke(target: InstanceRef, method: string, params: unknown, opts: InvokeOptions): Promise<unknown> {
    const id = `i${this.nextId++}`;
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.take(target.instanceId, id);
        reject(apiError('timeout', `module ${target.module} did not answer ${method} within ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
      const onAbort = (): void => {
        this.take(target.instanceId, id);
        reject(apiError('unavailable', `call of ${method} on module ${target.module} was cancelled`));
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = (): void => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
      };
      this.waiting.set(`${target.instanceId}\n${id}`, { module: target.module, method, resolve, reject, cleanup });
      const envelope = { kind: 'invoke', id, method, params, ...(opts.caller === undefined ? {} : { caller: opts.caller }) };
      let sent = false;
      try {
        sent = this.socket.send(target.instanceId, envelope);
      } catch (error) {
        this.take(target.instanceId, id);
        reject(apiError('invalid_request', `cannot send ${method} to module ${target.module}: ${(error as Error).message}`));
        return;
      }
      if (!sent && this.take(target.instanceId, id)) {
        reject(apiError('unavailable', `module ${target.module} is not connected`));
      }
    });
  }

  /** Stops listening; every waiting call fails as unavailable. */
  close(reason: string): void {
    this.socket.off('invoke_result', this.onResult as never);
    this.socket.off('disconnected', this.onDisconnected as never);
    for (const [key, entry] of [...this.waiting]) {
      this.waiting.delete(key);
      entry.cleanup();
      entry.reject(apiError('unavailable', `call of ${entry.method} on module ${entry.module} abandoned: ${reason}`));
    }
  }

  private take(instanceId: string, id: string): Waiting | undefined {
    const key = `${instanceId}\n${id}`;
    const entry = this.waiting.get(key);
    if (!entry) return undefined;
    this.waiting.delete(key);
    entry.cleanup();
    return entry;
  }
}
