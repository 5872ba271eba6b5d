// Single fields of a module's resolved policy (src/supervision/resolved-policy.ts).
import type { Limits, NodeConfig } from '../config/types.js';
import { resolvePolicy } from './resolved-policy.js';

/** The same limits as resolvePolicy's; without overrides, the node-wide object itself (the monitor asks once per module and second). */
export function effectiveLimits(config: NodeConfig, name: string): Limits {
  const override = config.modules.overrides[name]?.limits;
  return override ? resolvePolicy(config, name).limits : config.limits;
}

export function isCritical(config: NodeConfig, name: string): boolean {
  return resolvePolicy(config, name).critical;
}
