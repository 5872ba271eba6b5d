// Single fields of a module's resolved policy (src/supervision/resolved-policy.ts).
import type { Limits, NodeConfig, SupervisionPolicy } from '../config/types.js';
import { resolvePolicy } from './resolved-policy.js';

export function effectivePolicy(config: NodeConfig, name: string): SupervisionPolicy {
  return resolvePolicy(config, name).supervision;
}

export function effectiveLimits(config: NodeConfig, name: string): Limits {
  return resolvePolicy(config, name).limits;
}

export function isCritical(config: NodeConfig, name: string): boolean {
  return resolvePolicy(config, name).critical;
}
