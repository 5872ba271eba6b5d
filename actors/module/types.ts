// Plain-data shapes of the module supervisor: its input, context, events and effects.
import type { CallbackActorLogic, EventObject, PromiseActorLogic } from 'xstate';
import type { SupervisionPolicy } from '../../src/config/types.js';
import type { ExitRecord, ProcessCommand, ProcessEvent, SpawnSpec, StandbyEvent, StandbyInput } from '../../src/process/types.js';

export type { StandbyEvent, StandbyInput } from '../../src/process/types.js';
import type { VerifiedSnapshot } from '../../src/trust/snapshot-types.js';
import type { RequestedStop, StopReason } from '../policies/stop-reason.js';
import type { SpareState } from './standby.js';

/** Top-level states of the module machine; `phase` in every operator-facing status. */
export const MODULE_PHASES = [
  'discovery',
  'verification',
  'rejected',
  'waitingForDependencies',
  'loading',
  'execution',
  'monitoring',
  'backoff',
  'quarantined',
  'stopping',
  'stopped',
] as const;

export type ModulePhase = (typeof MODULE_PHASES)[number];

export interface VerifyOutput {
  ok: boolean;
  version?: string;
  problems: string[];
  /** The read-only copy of exactly the verified tree; present when ok. */
  snapshot?: VerifiedSnapshot;
}

/** What `loading` gets: the only code it may spawn is the snapshot's. */
export interface PrepareInput {
  module: string;
  snapshot: VerifiedSnapshot | null;
}

export interface ProcessInput {
  spec: SpawnSpec;
  attempt: number;
  /** Instance id of the standby to take over instead of spawning (it is spawned when gone). */
  adopt?: string;
}

/** The side effects a module supervisor invokes; the daemon passes real ones, tests pass fakes. */
export interface ModuleEffects {
  verify: PromiseActorLogic<VerifyOutput, { module: string }>;
  prepare: PromiseActorLogic<SpawnSpec, PrepareInput>;
  process: CallbackActorLogic<ProcessCommand, ProcessInput>;
  /** Keeps one spare process started and held at its handshake. */
  standby: CallbackActorLogic<EventObject, StandbyInput>;
}

export interface QuarantineRecord {
  /** Epoch ms of the exit that caused the quarantine. */
  at: number;
  reason: string;
  exits: ExitRecord[];
}

export type Desired = 'enabled' | 'disabled';

/** What the daemon keeps of a module across restarts (a domain record, not a snapshot). */
export interface PersistedModule {
  desired: Desired;
  quarantine?: QuarantineRecord | null;
  restarts?: number;
}

export interface ModuleInput {
  name: string;
  policy: SupervisionPolicy;
  critical: boolean;
  hasRequiredDependencies: boolean;
  persisted?: PersistedModule;
}

export interface ModuleContext {
  name: string;
  policy: SupervisionPolicy;
  critical: boolean;
  hasRequiredDependencies: boolean;
  /** Last word of the node about the required dependencies (`deps.ready` / `deps.down`). */
  depsReady: boolean;
  desired: Desired;
  version: string | null;
  /** The verified snapshot the module runs from; a crash or dependency restart re-uses it. */
  snapshot: VerifiedSnapshot | null;
  /** Restarts since the last stretch of healthy running; drives the backoff. */
  attempt: number;
  /** Restarts in total. */
  restarts: number;
  crashTimes: number[];
  lastExits: ExitRecord[];
  spec: SpawnSpec | null;
  /** A process actor is spawned and its exit has not been handled yet. */
  processLive: boolean;
  instanceId: string | null;
  /** Instances whose exit was handled; late events naming them are ignored. */
  pastInstances: string[];
  pid: number | null;
  startedAt: number | null;
  readyAt: number | null;
  missedPings: number;
  quarantine: QuarantineRecord | null;
  problems: string[];
  stopReason: StopReason | null;
  backoffMs: number;
  /** Epoch ms at which the pending restart happens, for display. */
  backoffUntil: number | null;
  /** The warm spare, when the module keeps one ([modules.<name>] standby). */
  spare: SpareState | null;
  /** Spares started so far; the next one's generation. */
  spareGenerations: number;
  /** The spare the next `execution` takes over instead of spawning. */
  adoptSpare: string | null;
}

export type LimitReason = 'memory_limit' | 'cpu_limit';

export type ModuleEvent =
  | ProcessEvent
  | StandbyEvent
  /** The spare's hello is held: it has started and waits to be admitted. */
  | { type: 'standby.held'; instanceId: string }
  | { type: 'ipc.ready'; instanceId: string; at: number }
  | { type: 'ipc.liveness'; instanceId: string; missed: number }
  | { type: 'ipc.disconnected'; instanceId: string }
  | { type: 'limit.breach'; reason: LimitReason; kill: boolean; instanceId?: string }
  | { type: 'limit.cleared'; reason: LimitReason; instanceId: string }
  | { type: 'module.stop'; reason: RequestedStop }
  | { type: 'module.start' }
  | { type: 'module.restart' }
  | { type: 'module.reload' }
  | { type: 'module.release' }
  /** The module's resolved policy changed (re-read config); applies from the next decision on. */
  | { type: 'module.policy'; policy: SupervisionPolicy }
  | { type: 'deps.ready' }
  | { type: 'deps.down' }
  | { type: 'xstate.error.actor.process'; error: unknown };

/** Sent to the parent (the node machine) whenever the top-level phase changes. */
export interface ModulePhaseEvent {
  type: 'module.phase';
  name: string;
  phase: ModulePhase;
  /** Ready and supervised: dependents may run. */
  running: boolean;
}
