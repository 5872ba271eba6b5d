// Inter-module calls: a module exposes methods (`module.expose`), each optionally guarded by a
// capability the module provides; another module calls them (`module.call`) only when the
// target is one of its declared dependencies and it holds that capability.
import type { ApiRegistry } from '../daemon/services.js';
import { apiError } from '../ipc/api-errors.js';
import { holdsCapability } from '../trust/capability-policy.js';
import { MODULE_NAME_PATTERN } from '../manifest/types.js';
import { EXPOSED_METHOD_PATTERN, readExposeParams, type ExposedMethod, type ExposedMethods } from './exposed-methods.js';
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
    handler: async (ctx, params) => {
      const methods = readExposeParams(params);
      checkProvided(deps.runtime, ctx.module, methods);
      return { exposed: deps.exposed.expose(ctx.module, ctx.instanceId, methods) };
    },
  });
  // Needs call_module, or the capability that guards the called method (a module holding
  // read_lightning may call its dependency's read_lightning methods without call_module).
  api.register('module.call', {
    capability: null,
    handler: async (ctx, params) => {
      const m = 'module.call';
      const p = paramsOf(m, params, ['module', 'method', 'params', 'timeout_ms']);
      const target = requiredString(m, p, 'module', MODULE_NAME_PATTERN, 'a module name');
      const method = requiredString(m, p, 'method', EXPOSED_METHOD_PATTERN, 'a method name such as "journal.count"');
      const timeoutMs = optionalInteger(m, p, 'timeout_ms', 1, deps.requestTimeout) ?? Math.min(DEFAULT_CALL_TIMEOUT_MS, deps.requestTimeout);
      const guard = deps.exposed.find(target)?.methods.get(method)?.capability;
      if (!(guard !== undefined && ctx.capabilities.includes(guard)) && !holdsCapability(ctx.capabilities, 'call_module')) {
        throw apiError('permission_denied', `${m} needs the capability "call_module", which module ${ctx.module} does not hold`);
      }
      checkDependency(deps.runtime, ctx.module, target);
      const provider = deps.exposed.find(target);
      if (!provider) {
        const status = statusOf(deps.runtime, target);
        if (status.phase !== 'monitoring') throw apiError('unavailable', `${m}: module ${target} is not running (phase ${status.phase})`);
        throw apiError('not_found', `${m}: module ${target} exposes no methods`);
      }
      const exposed = provider.methods.get(method);
      if (!exposed) {
        throw apiError('not_found', `${m}: module ${target} exposes no method "${method}" (it exposes: ${[...provider.methods.keys()].sort().join(', ')})`);
      }
      if (exposed.capability !== undefined && !ctx.capabilities.includes(exposed.capability)) {
        throw apiError(
          'permission_denied',
          `${m}: ${target}'s method "${method}" needs the capability "${exposed.capability}" (provided by ${target}), which module ${ctx.module} does not hold: request it in its capabilities`,
        );
      }
      return deps.broker.invoke({ module: target, instanceId: provider.instanceId }, method, p.params ?? {}, {
        timeoutMs,
        caller: ctx.module,
        signal: ctx.signal,
      });
    },
  });
}

// A method can only be guarded by a capability the exposing module's verified manifest provides.
function checkProvided(runtime: RuntimeView, module: string, methods: ExposedMethod[]): void {
  const provides = runtime.contextOf(module)?.snapshot?.provides ?? [];
  for (const method of methods) {
    if (method.capability !== undefined && !provides.includes(method.capability)) {
      const list = provides.length === 0 ? 'it provides none' : `it provides ${provides.join(', ')}`;
      throw apiError('invalid_request', `module.expose: method "${method.name}" names the capability "${method.capability}", which module ${module} does not list in provides_capabilities (${list})`);
    }
  }
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
