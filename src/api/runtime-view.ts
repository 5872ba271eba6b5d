// What the module API reads from the supervision runtime (NodeRuntime provides it).
import type { NodeRuntime } from '../daemon/node-runtime.js';

export type RuntimeView = Pick<NodeRuntime, 'moduleStatus' | 'listModules' | 'nodeStatus' | 'contextOf'>;

export interface ModuleSummary {
  name: string;
  version: string | null;
  phase: string;
  state: string;
  /** Ready and supervised (`monitoring`). */
  loaded: boolean;
  /** The running instance while loaded, else null. */
  instance_id: string | null;
}

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
