// Plain-data shapes of the node machine: its input, context and events.
import type { SupervisionPolicy } from '../../src/config/types.js';
import type { ModulePhase, ModulePhaseEvent, PersistedModule } from '../module/types.js';

/** One module as planned by the caller (verified manifest, resolved dependencies, topological order). */
export interface NodeModuleInput {
  name: string;
  requires: string[];
  optional: string[];
  order: number;
  policy: SupervisionPolicy;
  critical: boolean;
  persisted?: PersistedModule;
}

export interface NodeInput {
  modules: NodeModuleInput[];
}

/** `failed` marks a supervisor that itself broke (an XState error); it is never sent to again. */
export type TrackedPhase = ModulePhase | 'failed';

export interface TrackedModule {
  name: string;
  requires: string[];
  optional: string[];
  order: number;
  critical: boolean;
  policy: SupervisionPolicy;
  /** What the daemon restored for it; only read when its supervisor is spawned. */
  persisted?: PersistedModule;
  phase: TrackedPhase;
  running: boolean;
  /** Told to stop for the node shutdown. */
  stopSent: boolean;
}

export interface NodeContext {
  /** Sorted by `order`. */
  modules: TrackedModule[];
  /** A critical module is quarantined. */
  degraded: boolean;
  criticalFailures: string[];
  shutdownReason: string | null;
}

export type ModuleCommand = 'start' | 'stop' | 'restart' | 'reload' | 'release';

export type NodeEvent =
  | ModulePhaseEvent
  /** `policy`: the module's freshly resolved policy (a reload re-reads the config), adopted before the command. */
  | { type: 'command'; name: string; command: ModuleCommand; policy?: SupervisionPolicy }
  /** A live config reload changed the module's policy: it applies to the module's next decision. */
  | { type: 'policy'; name: string; policy: SupervisionPolicy }
  | { type: 'shutdown'; reason?: string }
  | { type: 'module.add'; module: NodeModuleInput }
  | { type: `xstate.error.actor.${string}`; error: unknown };

export interface NodeOutput {
  shutdownReason: string | null;
  degraded: boolean;
  criticalFailures: string[];
}
