// Methods modules expose to other modules (`module.expose`), per connected instance; they
// disappear with the instance's connection.
import { apiError } from '../ipc/api-errors.js';
import { CAPABILITY_NAME_PATTERN } from '../manifest/types.js';
import { optionalText, paramsOf, requiredArray, requiredString } from './params.js';

/** Lowercase dotted words, e.g. `journal.count`; `cli.` is reserved for CLI dispatch. */
export const EXPOSED_METHOD_PATTERN = /^[a-z][a-z0-9_-]{0,31}(\.[a-z][a-z0-9_-]{0,31}){0,3}$/;
const MAX_METHODS = 100;

export interface ExposedMethod {
  name: string;
  description: string;
  /** A capability the exposing module provides (provides_capabilities); callers must hold it. */
  capability?: string;
}

interface Entry {
  module: string;
  instanceId: string;
  methods: Map<string, ExposedMethod>;
}

export class ExposedMethods {
  private readonly byInstance = new Map<string, Entry>();

  /** Adds (or replaces) methods of an instance; returns every method it now exposes. */
  expose(module: string, instanceId: string, methods: ExposedMethod[]): string[] {
    const entry = this.byInstance.get(instanceId) ?? { module, instanceId, methods: new Map<string, ExposedMethod>() };
    for (const m of methods) entry.methods.set(m.name, m);
    if (entry.methods.size > MAX_METHODS) throw apiError('invalid_request', `module.expose: at most ${MAX_METHODS} methods per module`);
    this.byInstance.set(instanceId, entry);
    return [...entry.methods.keys()].sort();
  }

  /** The live instance of a module that exposes methods, if any. */
  find(module: string): { instanceId: string; methods: Map<string, ExposedMethod> } | undefined {
    let found: Entry | undefined;
    for (const entry of this.byInstance.values()) if (entry.module === module) found = entry;
    return found;
  }

  list(module: string): ExposedMethod[] {
    return [...(this.find(module)?.methods.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  }

  forget(instanceId: string): void {
    this.byInstance.delete(instanceId);
  }
}

/** Validates `module.expose` params: `{methods: [{name, description?, capability?}, ...]}`. */
export function readExposeParams(params: unknown): ExposedMethod[] {
  const m = 'module.expose';
  const p = paramsOf(m, params, ['methods']);
  const seen = new Set<string>();
  return requiredArray(m, p, 'methods', MAX_METHODS).map((raw, i) => {
    const field = `methods[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw apiError('invalid_request', `${m}: "${field}" must be an object {name, description?, capability?}, got ${JSON.stringify(raw)}`);
    }
    const q = paramsOf(`${m} ${field}`, raw, ['name', 'description', 'capability']);
    const name = requiredString(`${m} ${field}`, q, 'name', EXPOSED_METHOD_PATTERN, 'lowercase dotted words such as "journal.count"');
    if (name.startsWith('cli.')) throw apiError('invalid_request', `${m}: "${name}": names starting with "cli." are reserved for CLI dispatch`);
    if (seen.has(name)) throw apiError('invalid_request', `${m}: method "${name}" is listed twice`);
    seen.add(name);
    const description = optionalText(`${m} ${field}`, q, 'description', 300) ?? '';
    const capability = q.capability === undefined ? undefined : requiredString(`${m} ${field}`, q, 'capability', CAPABILITY_NAME_PATTERN, 'a capability name such as "read_lightning"');
    return capability === undefined ? { name, description } : { name, description, capability };
  });
}
