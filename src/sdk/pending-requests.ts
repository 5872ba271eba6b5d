// Correlation of request ids with the promises waiting for their responses.
import { ModuleRequestError } from './module-request-error.js';

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

export class PendingRequests {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Registers a request and returns its id and the promise of its result. */
  open(method: string, timeoutMs?: number): { id: number; result: Promise<unknown> } {
    const id = this.nextId++;
    const result = new Promise<unknown>((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.pending.delete(id);
              reject(new ModuleRequestError('timeout', `request ${method} got no response within ${timeoutMs} ms`, method));
            }, timeoutMs);
      this.pending.set(id, { method, resolve, reject, timer });
    });
    return { id, result };
  }

  /** Settles a request from its response envelope; unknown or late ids are ignored. */
  settle(id: unknown, response: Record<string, unknown>): void {
    if (typeof id !== 'number') return;
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    if (response.error !== undefined) entry.reject(ModuleRequestError.fromWire(response.error, entry.method));
    else entry.resolve(response.result);
  }

  fail(id: number, error: Error): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    entry.reject(error);
  }

  /** Rejects everything still waiting (the connection is gone). */
  failAll(makeError: (method: string) => Error): void {
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      clearTimeout(entry.timer);
      entry.reject(makeError(entry.method));
    }
  }
}
