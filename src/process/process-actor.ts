// The process actor: an XState callback actor that owns exactly one module child process.
// It reports `child.spawned` and, exactly once, `child.exited`; it takes `process.stop` and
// `process.signal`; stopping the actor kills the child's whole process group.
import { fromCallback, type CallbackActorLogic } from 'xstate';
import type { ProcessActorDeps } from './actor-deps.js';
import { ChildInstance } from './child-instance.js';
import type { ProcessCommand, SpawnSpec } from './types.js';

export type { ProcessActorDeps, ProcessIpc } from './actor-deps.js';

export interface ProcessActorInput {
  spec: SpawnSpec;
  /** 1 for the first start, counting restarts; used in logs. */
  attempt: number;
}

export function createProcessActor(deps: ProcessActorDeps): CallbackActorLogic<ProcessCommand, ProcessActorInput> {
  return fromCallback<ProcessCommand, ProcessActorInput>(({ input, sendBack, receive }) => {
    const instance = new ChildInstance(input.spec, input.attempt, deps, sendBack);
    receive((command) => instance.command(command));
    instance.start();
    return () => instance.dispose();
  });
}
