// Routes module requests to registered methods, checking the capability of each call.
import { apiError } from '../ipc/api-errors.js';
import type { RequestContext } from '../ipc/request-runner.js';
import type { ApiMethod, ApiRegistry } from '../daemon/services.js';

export class ApiRouter implements ApiRegistry {
  private readonly methods = new Map<string, ApiMethod>();

  register(method: string, def: ApiMethod): void {
    if (this.methods.has(method)) throw new Error(`module API method ${method} registered twice`);
    this.methods.set(method, def);
  }

  methodNames(): string[] {
    return [...this.methods.keys()].sort();
  }

  readonly handle = async (ctx: RequestContext, method: string, params: unknown): Promise<unknown> => {
    const def = this.methods.get(method);
    if (!def) throw apiError('not_found', `unknown method "${method}"`);
    if (def.capability && !ctx.capabilities.includes(def.capability)) {
      throw apiError('permission_denied', `${method} needs the capability "${def.capability}", which module ${ctx.module} does not hold`);
    }
    return def.handler(ctx, params);
  };
}
