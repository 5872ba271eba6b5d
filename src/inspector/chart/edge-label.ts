// Readable edge labels for the statechart: XState's internal event names (delays, invoked
// actors, eventless transitions) become what an operator recognises.
import type { AnyStateNode, AnyTransitionDefinition } from 'xstate';

const AFTER = 'xstate.after.';
const DONE = 'xstate.done.actor.';
const ERROR = 'xstate.error.actor.';

export function edgeLabel(source: AnyStateNode, transition: AnyTransitionDefinition, eventType: string): string {
  if (eventType === '') return guardName(transition.guard) ? `[${guardName(transition.guard)}]` : 'always';
  if (eventType.startsWith(AFTER)) return `after ${eventType.slice(AFTER.length).split('.')[0]}`;
  if (eventType.startsWith(DONE)) return `${invokedName(source, eventType.slice(DONE.length))} done`;
  if (eventType.startsWith(ERROR)) return `${invokedName(source, eventType.slice(ERROR.length))} failed`;
  return eventType;
}

// The `src` of the invocation with this id, or the id itself (for spawned children such as `process`).
function invokedName(source: AnyStateNode, actorId: string): string {
  const invoke = source.invoke.find((i) => i.id === actorId);
  return typeof invoke?.src === 'string' ? invoke.src : actorId;
}

/** The guard's name: "hasQuarantine", "currentInstance and pingsLost" for combined guards; null when none. */
export function guardName(guard: unknown): string | null {
  if (typeof guard === 'string') return guard;
  const parts = (guard as { guards?: unknown } | null)?.guards;
  if (typeof guard === 'function' && Array.isArray(parts)) {
    const names = parts.map(guardName).filter((n): n is string => n !== null);
    return names.length > 0 ? names.join(' and ') : null;
  }
  if (guard && typeof guard === 'object' && typeof (guard as { type?: unknown }).type === 'string') return (guard as { type: string }).type;
  return null;
}
