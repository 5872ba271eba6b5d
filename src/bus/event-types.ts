// Event type names: node events are CamelCase words (`NewBlock`), module events are
// `<module>.<name>`, so no module can ever publish under a node event's name.
import { apiError } from '../ipc/api-errors.js';

/** Module lifecycle events the bus itself derives from supervisor transitions. */
export const MODULE_EVENT_TYPES = ['ModuleLoaded', 'ModuleUnloaded', 'ModuleCrashed', 'ModuleQuarantined', 'ModuleStateChanged'] as const;

/** Notices about a subscription itself; delivered whatever its type filter. */
export const NOTICE_TYPES = { dropped: 'EventsDropped', gap: 'EventsGap' } as const;

export const NODE_EVENT_PATTERN = /^[A-Z][A-Za-z0-9]{0,63}$/;
/** `<module>.<name>`: a module name (no dots), a dot, then letters, digits, `_`, `-`, `.`. */
export const MODULE_EVENT_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}\.[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;
const MODULE_WILDCARD_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}\.\*$/;

export function isNodeEventType(type: string): boolean {
  return NODE_EVENT_PATTERN.test(type);
}

/** The module that owns a module event type, or null for a node event type. */
export function eventNamespace(type: string): string | null {
  const dot = type.indexOf('.');
  return dot < 0 ? null : type.slice(0, dot);
}

/** Refuses a type a module may not publish: malformed, a node event, or another module's namespace. */
export function checkPublishType(module: string, type: unknown): string {
  if (typeof type !== 'string' || type.length === 0) {
    throw apiError('invalid_request', `events.publish: "type" must be a string "${module}.<name>", got ${JSON.stringify(type) ?? 'nothing'}`);
  }
  if (isNodeEventType(type)) {
    throw apiError('permission_denied', `events.publish: "${type}" is a node event type; module ${module} may publish only "${module}.<name>" events`);
  }
  if (!type.includes('.')) {
    throw apiError('invalid_request', `events.publish: "type" must be "${module}.<name>", got "${type}"`);
  }
  const owner = eventNamespace(type);
  if (owner !== module) {
    throw apiError('permission_denied', `events.publish: "${type}" belongs to module "${owner}"; module ${module} may publish only "${module}.<name>" events`);
  }
  if (!MODULE_EVENT_PATTERN.test(type)) {
    throw apiError('invalid_request', `events.publish: "${type}" is not a valid event name (after "${module}." use letters, digits, "_", "-", "."; at most 100 characters)`);
  }
  return type;
}

/** Checks one subscription pattern: `*`, a node event type, `<module>.<name>` or `<module>.*`. */
export function checkTypePattern(method: string, pattern: string): string {
  if (pattern === '*' || NODE_EVENT_PATTERN.test(pattern) || MODULE_EVENT_PATTERN.test(pattern) || MODULE_WILDCARD_PATTERN.test(pattern)) {
    return pattern;
  }
  throw apiError(
    'invalid_request',
    `${method}: event type pattern "${pattern}" is invalid (use "*", a node event such as "NewBlock", "<module>.<name>" or "<module>.*")`,
  );
}
