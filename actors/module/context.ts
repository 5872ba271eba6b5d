import type { ModuleContext, ModuleInput } from './types.js';

export function initialContext(input: ModuleInput): ModuleContext {
  const persisted = input.persisted;
  return {
    name: input.name,
    policy: input.policy,
    critical: input.critical,
    hasRequiredDependencies: input.hasRequiredDependencies,
    depsReady: false,
    desired: persisted?.desired ?? 'enabled',
    version: null,
    snapshot: null,
    attempt: 0,
    restarts: persisted?.restarts ?? 0,
    crashTimes: [],
    lastExits: persisted?.quarantine?.exits.slice(-LAST_EXITS) ?? [],
    spec: null,
    processLive: false,
    instanceId: null,
    pastInstances: [],
    pid: null,
    startedAt: null,
    readyAt: null,
    missedPings: 0,
    quarantine: persisted?.quarantine ?? null,
    problems: [],
    stopReason: null,
    backoffMs: 0,
    backoffUntil: null,
    spare: null,
    spareGenerations: 0,
    adoptSpare: null,
  };
}

/** How many exit records a module keeps as evidence. */
export const LAST_EXITS = 10;

/** Appends to a bounded list, dropping the oldest entries. */
export function keepLast<T>(list: readonly T[], item: T, limit: number): T[] {
  return [...list, item].slice(-limit);
}

/** The required dependencies are running (or there are none). */
export function depsSatisfied(context: ModuleContext): boolean {
  return !context.hasRequiredDependencies || context.depsReady;
}
