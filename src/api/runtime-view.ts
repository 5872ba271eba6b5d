// What the module API reads from the supervision runtime (NodeRuntime provides it).
import type { NodeRuntime } from '../daemon/node-runtime.js';
import type { ModuleSummary } from '../sdk/api-types.js';

export type RuntimeView = Pick<NodeRuntime, 'moduleStatus' | 'listModules' | 'nodeStatus' | 'contextOf'>;

/** The wire shape of one module in `modules.list` (defined once, with the SDK's types). */
export type { ModuleSummary };

export function moduleSummary(runtime: RuntimeView, name: string): ModuleSummary {
  const s = runtime.moduleStatus(name);
  const loaded = s.phase === 'monitoring';
  return {
    name: s.name,
    version: s.version,
    phase: s.phase,
    state: s.state,
    loaded,
    instance_id: loaded ? (runtime.contextOf(name)?.instanceId ?? null) : null,
  };
}
