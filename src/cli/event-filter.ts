// Client-side filters of `blvm events`: glob type patterns (`Module*`, `*Block*`) and one module.
// The control method only knows exact types and `<module>.*`, so these ask it for a wider window.
import type { EventItem } from '../bus/events-control.js';

/** How many recent events are searched when the filter runs on this side. */
export const FILTER_WINDOW = 10_000;
/** Recent events re-read when following after the search, so none published in between is missed. */
export const FOLLOW_OVERLAP = 1000;

const isGlob = (pattern: string): boolean => /[*?]/.test(pattern) && !/^[^*?]+\.\*$/.test(pattern);

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

export interface EventQuery {
  /** Types for the control method ([] = every type). */
  serverTypes: string[];
  /** Events to ask for: the wanted count, or the search window when filtering here. */
  serverLast: number;
  matches(item: EventItem): boolean;
  filtering: boolean;
}

/** The module an event is about: its publisher, or the module named in its data. */
export function eventModule(item: EventItem): string | null {
  const data = (item.data ?? {}) as Record<string, unknown>;
  if (typeof data.module_name === 'string') return data.module_name;
  if (typeof data.module === 'string') return data.module;
  return item.source === 'node' ? null : item.source;
}

export function eventQuery(types: string[], module: string | undefined, last: number): EventQuery {
  const globs = types.some(isGlob) ? types.map(globToRegExp) : null;
  const filtering = globs !== null || module !== undefined;
  return {
    serverTypes: globs ? [] : types,
    serverLast: filtering ? FILTER_WINDOW : last,
    filtering,
    matches: (item) => (globs === null || globs.some((g) => g.test(item.type))) && (module === undefined || eventModule(item) === module),
  };
}
