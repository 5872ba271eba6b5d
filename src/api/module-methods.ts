// Inter-module calls: a module exposes methods (`module.expose`); another module calls them
// (`module.call`) only when the target is one of its declared dependencies.
import type { ApiRegistry } from '../daemon/services.js';
import { apiError } from '../ipc/api-errors.js';
import { MODULE_NAME_PATTERN } from '../manifest/types.js';
import { EXPOSED_METHOD_PATTERN, readExposeParams, type ExposedMethods } from './exposed-methods.js';
import type { InvokeBroker } from './invoke-broker.js';
import { statusOf } from './node-methods.js';
import { optionalInteger, paramsOf, requiredString } from './params.js';
import type { RuntimeView } from './runtime-view.js';

/** Default deadline of one inter-module call when the caller names none. */
export const DEFAULT_CALL_TIMEOUT_MS = 10_000;

export interface ModuleMethodDeps {
  runtime: RuntimeView;
  exposed: ExposedMethods;
  broker: InvokeBroker;
  /** The node's request timeout: the longest a call may be given. */
  requestTimeout: number;
}

export function registerModuleMethods(api: ApiRegistry, deps: ModuleMethodDeps): void {
  api.register('module.expose', {
    capability: 'register_module_api',
    handler: async (ctx, params) => ({ exposed: deps.exposed.expose(ctx.module, ctx.instanceId, readExposeParams(params)) }),
  });
  api.register('module.call', {
    capability: 'call_module',
    handler: async (ctx, params) => {
      const m = 'module.call';
      const p = paramsOf(m, params, ['module', 'method', 'params', 'timeout_ms']);
      const target = requiredString(m, p, 'module', MODULE_NAME_PATTERN, 'a module name');
      const method = requiredString(m, p, 'method', EXPOSED_METHOD_PATTERN, 'a method name such as "journal.count"');
      const timeoutMs = optionalInteger(m, p, 'timeout_ms', 1, deps.requestTimeout) ?? Math.min(DEFAULT_CALL_TIMEOUT_MS, deps.requestTimeout);
      checkDependency(deps.runtime, ctx.module, target);
      const provider = deps.exposed.find(target);
      if (!provider) {
        const status = statusOf(deps.runtime, target);
        if (status.phase !== 'monitoring') throw apiError('unavailable', `${m}: module ${target} is not running (phase ${status.phase})`);
        throw apiError('not_found', `${m}: module ${target} exposes no methods`);
      }
      if (!provider.methods.has(method)) {
        throw apiError('not_found', `${m}: module ${target} exposes no method "${method}" (it exposes: ${[...provider.methods.keys()].sort().join(', ')})`);
      }
      return deps.broker.invoke({ module: target, instanceId: provider.instanceId }, method, p.params ?? {}, {
        timeoutMs,
        caller: ctx.module,
        signal: ctx.signal,
      });
    },
  });
}

function checkDependency(runtime: RuntimeView, caller: string, target: string): void {
  if (target === caller) throw apiError('invalid_request', `module.call: module ${caller} cannot call itself`);
  const status = statusOf(runtime, caller);
  const declared = [...status.requires, ...status.optional];
  if (!declared.includes(target)) {
    throw apiError(
      'permission_denied',
      `module.call: module ${caller} may call only its declared dependencies (${declared.join(', ') || 'none'}); "${target}" is not one`,
    );
  }
}
