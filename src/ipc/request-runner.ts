// One module request while the node handles it: the context its handler sees and its deadline.
import type { ApiErrorBody } from './api-errors.js';
import type { RequestId } from './envelopes.js';
import type { ExpectedInstance } from './instance-registry.js';

export interface RequestContext {
  module: string;
  instanceId: string;
  /** The instance's granted capabilities (one array shared by all its requests; never changed). */
  capabilities: readonly string[];
  /** Aborted when the request times out or its connection closes. */
  signal: AbortSignal;
}

export type RequestHandler = (ctx: RequestContext, method: string, params: unknown) => Promise<unknown>;

export type RequestOutcome = { result: unknown } | { error: ApiErrorBody };

/**
 * The context of one request. Its AbortController is made only when a handler reads `signal`,
 * because most handlers never do and one per request is a large part of a request's cost.
 */
export class RunningRequest implements RequestContext {
  readonly module: string;
  readonly instanceId: string;
  readonly capabilities: readonly string[];
  private controller: AbortController | undefined;
  private aborted = false;

  constructor(
    instance: ExpectedInstance,
    readonly id: RequestId,
    readonly method: string,
    /** performance.now() after which the request has timed out. */
    readonly deadline: number,
  ) {
    this.module = instance.module;
    this.instanceId = instance.instanceId;
    this.capabilities = instance.capabilities;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort();
    }
    return this.controller.signal;
  }

  /** Tells the handler (if it listens) that nobody waits for its result any more. */
  abort(): void {
    this.aborted = true;
    this.controller?.abort();
  }
}
