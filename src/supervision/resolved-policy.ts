// The one place a module's supervision policy is resolved: node-wide [supervision] and
// [limits] with the module's [modules.<name>] overrides applied. The machine, the spawn spec
// and the module socket all take their values from here.
import type { Limits, NodeConfig, SupervisionPolicy } from '../config/types.js';

export interface ResolvedPolicy {
  supervision: SupervisionPolicy;
  limits: Limits;
  /** A quarantine of this module degrades or stops the node. */
  critical: boolean;
}

export function resolvePolicy(config: NodeConfig, name: string): ResolvedPolicy {
  const override = config.modules.overrides[name];
  return {
    supervision: { ...config.supervision, ...(override?.restart ?? {}), standby: override?.standby ?? false },
    limits: { ...config.limits, ...(override?.limits ?? {}) },
    critical: override?.critical ?? false,
  };
}

/** Longest a module may take to settle after a command: start, then a full stop sequence, plus slack. */
export function settleTimeoutMs(policy: SupervisionPolicy): number {
  return policy.ready_timeout + policy.stop_grace + policy.kill_grace + 2000;
}

/** settleTimeoutMs of the slowest module: the global policy or any module's own. */
export function longestSettleMs(config: NodeConfig): number {
  const names = Object.keys(config.modules.overrides);
  return Math.max(settleTimeoutMs(config.supervision), ...names.map((name) => settleTimeoutMs(resolvePolicy(config, name).supervision)));
}
