// Public surface of the supervision tree: the machines, their data shapes and the pure policies.
export { createModuleMachine, type ModuleMachine, type ModuleMachineOptions } from './module-machine.js';
export { createNodeMachine, type NodeMachine } from './node-machine.js';
export {
  MODULE_PHASES,
  type Desired,
  type LimitReason,
  type ModuleContext,
  type ModuleEffects,
  type ModuleEvent,
  type ModuleInput,
  type ModulePhase,
  type ModulePhaseEvent,
  type PersistedModule,
  type PrepareInput,
  type ProcessInput,
  type QuarantineRecord,
  type VerifyOutput,
} from './module/types.js';
export { describeExit, type ExitOutcome } from './module/exit-outcome.js';
export { moduleActorId } from './node/graph.js';
export type {
  ModuleCommand,
  NodeContext,
  NodeEvent,
  NodeInput,
  NodeModuleInput,
  NodeOutput,
  TrackedModule,
  TrackedPhase,
} from './node/types.js';
export { backoffDelay, type BackoffPolicy } from './policies/backoff-delay.js';
export { crashBudget, type CrashBudget, type CrashBudgetPolicy } from './policies/crash-budget.js';
export { classifyExit, EXIT_CONFIG_ERROR, type ExitDecision } from './policies/classify-exit.js';
export type { FaultReason, RequestedStop, StopReason } from './policies/stop-reason.js';
