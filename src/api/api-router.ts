// Routes module requests to registered methods: the module's request budget first, then the
// method, then the capability it needs.
import { apiError, toApiError } from '../ipc/api-errors.js';
import type { RequestContext } from '../ipc/request-runner.js';
import type { ApiMethod, ApiRegistry } from '../daemon/services.js';
import { holdsCapability } from '../trust/capability-policy.js';
import { RateLimiter } from './rate-limiter.js';

export interface ApiRouterOptions {
  /** Requests per second each module may send (`[ipc] rate_limit`); 0 or less = unlimited. */
  rateLimit?: number;
}

/** One finished module request: who, which method, how long, and the error code if it failed. */
export interface ApiRequestRecord {
  module: string;
  method: string;
  ms: number;
  error: string | null;
}

export class ApiRouter implements ApiRegistry {
  private readonly methods = new Map<string, ApiMethod>();
  private readonly observers = new Set<(record: ApiRequestRecord) => void>();
  private readonly limiter: RateLimiter;
  private readonly capabilityAnswers = new WeakMap<readonly string[], Map<string, boolean>>();

  constructor(opts: ApiRouterOptions = {}) {
    this.limiter = new RateLimiter(opts.rateLimit ?? 0);
  }

  register(method: string, def: ApiMethod): void {
    if (this.methods.has(method)) throw new Error(`module API method ${method} registered twice`);
    this.methods.set(method, def);
  }

  methodNames(): string[] {
    return [...this.methods.keys()].sort();
  }

  /** Sees every finished request (for the metrics endpoint). */
  observe(observer: (record: ApiRequestRecord) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Answers one request; without observers no promise is added around the handler's own. */
  readonly handle = (ctx: RequestContext, method: string, params: unknown): Promise<unknown> => {
    if (this.observers.size === 0) return this.dispatch(ctx, method, params);
    return this.observed(ctx, method, params);
  };

  private async observed(ctx: RequestContext, method: string, params: unknown): Promise<unknown> {
    const started = performance.now();
    let error: string | null = null;
    try {
      return await this.dispatch(ctx, method, params);
    } catch (failure) {
      error = toApiError(failure).code;
      throw failure;
    } finally {
      const record = { module: ctx.module, method, ms: performance.now() - started, error };
      for (const observer of this.observers) observer(record);
    }
  }

  // Refusals are thrown: the dispatcher answers a handler that throws as one that rejects.
  private dispatch(ctx: RequestContext, method: string, params: unknown): Promise<unknown> {
    if (!this.limiter.take(ctx.module)) {
      throw apiError('rate_limited', `module ${ctx.module} sent more than ${this.limiter.perSecond} requests per second; retry later`);
    }
    const def = this.methods.get(method);
    if (!def) throw apiError('not_found', `unknown method "${method}"`);
    if (def.capability && !this.holds(ctx.capabilities, def.capability)) {
      throw apiError('permission_denied', `${method} needs the capability "${def.capability}", which module ${ctx.module} does not hold`);
    }
    return def.handler(ctx, params);
  }

  // An instance's capability list is one array for all its requests: its answers are kept with it.
  private holds(held: readonly string[], needed: string): boolean {
    let answers = this.capabilityAnswers.get(held);
    if (!answers) {
      answers = new Map();
      this.capabilityAnswers.set(held, answers);
    }
    let answer = answers.get(needed);
    if (answer === undefined) {
      answer = holdsCapability(held, needed);
      answers.set(needed, answer);
    }
    return answer;
  }
}
