// Single fields of a module's resolved policy (src/supervision/resolved-policy.ts).
import type { Limits, NodeConfig } from '../config/types.js';
import { resolvePolicy } from './resolved-policy.js';

export function effectiveLimits(config: NodeConfig, name: string): Limits {
  return resolvePolicy(config, name).limits;
}

export function isCritical(config: NodeConfig, name: string): boolean {
  return resolvePolicy(config, name).critical;
}
