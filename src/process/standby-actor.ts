// The standby actor: keeps one warm spare of a module, a child started from the live
// instance's spec whose hello the module socket holds. It reports the spare's spawn and its
// death (never a crash: the module machine replaces it); a process actor adopting the spare
// takes it out of `deps.spares`, and only a spare still there is killed with this actor.
import { fromCallback, type CallbackActorLogic, type EventObject } from 'xstate';
import type { ProcessActorDeps } from './actor-deps.js';
import { ChildInstance } from './child-instance.js';
import type { ProcessEvent, StandbyEvent, StandbyInput } from './types.js';

export function createStandbyActor(deps: ProcessActorDeps): CallbackActorLogic<EventObject, StandbyInput> {
  const spares = (deps.spares ??= new Map());
  return fromCallback<EventObject, StandbyInput>(({ input, sendBack }) => {
    const { generation } = input;
    let spare: ChildInstance | null = null;
    const report = (event: ProcessEvent): void => {
      if (event.type === 'child.spawned') {
        sendBack({ type: 'standby.spawned', generation, instanceId: event.instanceId, pid: event.pid } satisfies StandbyEvent);
        return;
      }
      spares.delete(event.instanceId);
      deps.log.warn('standby process ended; it is replaced (not counted as a crash)', { module: input.spec.module, instanceId: event.instanceId, ...event.exit });
      sendBack({ type: 'standby.exited', generation, exit: event.exit } satisfies StandbyEvent);
    };
    const start = (): void => {
      spare = new ChildInstance(input.spec, 0, deps, report, true);
      spares.set(spare.instanceId, spare);
      sendBack({ type: 'standby.started', generation, instanceId: spare.instanceId } satisfies StandbyEvent);
      spare.start();
    };
    // Never inside the transition that wants the spare: that transition is often the module
    // becoming ready again, and a fork of the daemon would hold its recording back by milliseconds.
    const immediate = input.delayMs > 0 ? undefined : setImmediate(start);
    const timer = input.delayMs > 0 ? setTimeout(start, input.delayMs) : undefined;
    return () => {
      clearImmediate(immediate);
      clearTimeout(timer);
      if (spare === null || spares.get(spare.instanceId) !== spare) return;
      spares.delete(spare.instanceId);
      spare.dispose();
    };
  });
}
