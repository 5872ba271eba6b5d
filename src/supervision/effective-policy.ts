// Node-wide [supervision]/[limits] with a module's [modules.<name>] overrides applied.
import type { Limits, NodeConfig, SupervisionPolicy } from '../config/types.js';

export function effectivePolicy(config: NodeConfig, name: string): SupervisionPolicy {
  return { ...config.supervision, ...(config.modules.overrides[name]?.restart ?? {}) };
}

export function effectiveLimits(config: NodeConfig, name: string): Limits {
  return { ...config.limits, ...(config.modules.overrides[name]?.limits ?? {}) };
}

export function isCritical(config: NodeConfig, name: string): boolean {
  return config.modules.overrides[name]?.critical ?? false;
}
