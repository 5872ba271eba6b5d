// Runs one module request against the node's handler: bounded in time, errors made typed.
import { toApiError, type ApiErrorBody } from './api-errors.js';

export interface RequestContext {
  module: string;
  instanceId: string;
  capabilities: string[];
  /** Aborted when the request times out or its connection closes. */
  signal: AbortSignal;
}

export type RequestHandler = (ctx: RequestContext, method: string, params: unknown) => Promise<unknown>;

export type RequestOutcome = { result: unknown } | { error: ApiErrorBody };

/** Never rejects: a thrown error, a handler slower than timeoutMs or a cancellation becomes an error outcome. */
export function runRequest(
  handler: RequestHandler,
  ctx: Omit<RequestContext, 'signal'>,
  method: string,
  params: unknown,
  timeoutMs: number,
  controller: AbortController,
): Promise<RequestOutcome> {
  return new Promise<RequestOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: RequestOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      controller.signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = (): void => finish({ error: { code: 'unavailable', message: `request ${method} was cancelled` } });
    const timer = setTimeout(() => {
      finish({ error: { code: 'timeout', message: `request ${method} took longer than ${timeoutMs} ms` } });
      controller.abort();
    }, timeoutMs);
    controller.signal.addEventListener('abort', onAbort, { once: true });
    let handled: Promise<unknown>;
    try {
      handled = handler({ ...ctx, capabilities: [...ctx.capabilities], signal: controller.signal }, method, params);
    } catch (error) {
      finish({ error: toApiError(error) });
      return;
    }
    handled.then(
      (result) => finish({ result: result === undefined ? null : result }),
      (error: unknown) => finish({ error: toApiError(error) }),
    );
  });
}
