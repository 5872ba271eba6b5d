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
export async function runRequest(
  handler: RequestHandler,
  ctx: Omit<RequestContext, 'signal'>,
  method: string,
  params: unknown,
  timeoutMs: number,
  controller: AbortController,
): Promise<RequestOutcome> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const cutShort = new Promise<RequestOutcome>((resolve) => {
    timer = setTimeout(() => {
      resolve({ error: { code: 'timeout', message: `request ${method} took longer than ${timeoutMs} ms` } });
      controller.abort();
    }, timeoutMs);
    onAbort = () => resolve({ error: { code: 'unavailable', message: `request ${method} was cancelled` } });
    controller.signal.addEventListener('abort', onAbort, { once: true });
  });
  const handled = (async (): Promise<RequestOutcome> => {
    try {
      const result = await handler({ ...ctx, capabilities: [...ctx.capabilities], signal: controller.signal }, method, params);
      return { result: result === undefined ? null : result };
    } catch (error) {
      return { error: toApiError(error) };
    }
  })();
  try {
    return await Promise.race([handled, cutShort]);
  } finally {
    clearTimeout(timer);
    if (onAbort) controller.signal.removeEventListener('abort', onAbort);
  }
}
