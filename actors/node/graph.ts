// Pure questions about the module dependency graph as the node machine tracks it.
import type { ModuleInput } from '../module/types.js';
import type { NodeModuleInput, TrackedModule, TrackedPhase } from './types.js';

/** Phases a module stays in until someone acts: nothing to wait for during a shutdown. */
const SETTLED: readonly TrackedPhase[] = ['stopped', 'rejected', 'quarantined', 'failed'];

export const MODULE_ID_PREFIX = 'module:';

/** Child id and systemId of a module supervisor. */
export function moduleActorId(name: string): string {
  return `${MODULE_ID_PREFIX}${name}`;
}

export function trackModule(module: NodeModuleInput): TrackedModule {
  return {
    name: module.name,
    requires: [...module.requires],
    optional: [...module.optional],
    order: module.order,
    critical: module.critical,
    policy: module.policy,
    ...(module.persisted === undefined ? {} : { persisted: module.persisted }),
    phase: 'discovery',
    running: false,
    stopSent: false,
  };
}

export function moduleInput(module: Pick<NodeModuleInput, 'name' | 'policy' | 'critical' | 'requires' | 'persisted'>): ModuleInput {
  return {
    name: module.name,
    policy: module.policy,
    critical: module.critical,
    hasRequiredDependencies: module.requires.length > 0,
    ...(module.persisted === undefined ? {} : { persisted: module.persisted }),
  };
}

export function sortByOrder(modules: TrackedModule[]): TrackedModule[] {
  return [...modules].sort((a, b) => a.order - b.order);
}

export function isSettled(module: TrackedModule): boolean {
  return SETTLED.includes(module.phase);
}

/** Modules that cannot run without `name`, and that can still be told something. */
export function requiredDependents(modules: TrackedModule[], name: string): TrackedModule[] {
  return modules.filter((m) => m.phase !== 'failed' && m.requires.includes(name));
}

/** Every required dependency of `module` is running. */
export function depsRunning(modules: TrackedModule[], module: TrackedModule): boolean {
  return module.requires.every((dep) => modules.some((m) => m.name === dep && m.running));
}

/** Modules using `name` in any way; a shutdown stops them first. */
function users(modules: TrackedModule[], name: string): TrackedModule[] {
  return modules.filter((m) => m.requires.includes(name) || m.optional.includes(name));
}

/** Modules a shutdown may stop now: not yet told, and every module using them already settled. */
export function nextToStop(modules: TrackedModule[]): TrackedModule[] {
  return modules
    .filter((m) => !m.stopSent && m.phase !== 'failed' && users(modules, m.name).every(isSettled))
    .sort((a, b) => b.order - a.order);
}
