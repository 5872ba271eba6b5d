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

/** Never rejects: a thrown error or a handler slower than timeoutMs becomes an error outcome. */
export async function runRequest(
  handler: RequestHandler,
  ctx: Omit<RequestContext, 'signal'>,
  method: string,
  params: unknown,
  timeoutMs: number,
  controller: AbortController,
): Promise<RequestOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<RequestOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ error: { code: 'timeout', message: `request ${method} took longer than ${timeoutMs} ms` } });
    }, timeoutMs);
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
    return await Promise.race([handled, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
