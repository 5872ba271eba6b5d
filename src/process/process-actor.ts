// The process actor: an XState callback actor that owns exactly one module child process.
// It reports `child.spawned` and, exactly once, `child.exited`; it takes `process.stop` and
// `process.signal`; stopping the actor kills the child's whole process group. Given a standby
// to adopt, it takes that already started process over instead of spawning one.
import { fromCallback, type CallbackActorLogic } from 'xstate';
import type { ProcessActorDeps } from './actor-deps.js';
import { ChildInstance } from './child-instance.js';
import type { ProcessCommand, SpawnSpec } from './types.js';

export type { ProcessActorDeps, ProcessIpc } from './actor-deps.js';

export interface ProcessActorInput {
  spec: SpawnSpec;
  /** 1 for the first start, counting restarts; used in logs. */
  attempt: number;
  /** Instance id of a standby to take over; a fresh child is spawned when it is gone. */
  adopt?: string;
}

export function createProcessActor(deps: ProcessActorDeps): CallbackActorLogic<ProcessCommand, ProcessActorInput> {
  return fromCallback<ProcessCommand, ProcessActorInput>(({ input, sendBack, receive }) => {
    const spare = input.adopt === undefined ? undefined : deps.spares?.get(input.adopt);
    if (spare) deps.spares?.delete(spare.instanceId);
    const instance = spare ?? new ChildInstance(input.spec, input.attempt, deps, sendBack);
    receive((command) => instance.command(command));
    if (spare) spare.adopt(sendBack);
    else instance.start();
    return () => instance.dispose();
  });
}
