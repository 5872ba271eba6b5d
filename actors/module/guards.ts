// Named guards of the module machine: pure questions about its context and the current event.
import { depsSatisfied } from './context.js';
import { endedInstance, exitOutcome, isCurrentInstance, type ExitOutcome } from './exit-outcome.js';
import { isCurrentSpare, spareAdoptable } from './standby.js';
import type { ModuleContext, ModuleEvent, VerifyOutput } from './types.js';

interface GuardArgs {
  context: ModuleContext;
  event: ModuleEvent;
}

export const moduleGuards = {
  desiredDisabled: ({ context }: GuardArgs) => context.desired === 'disabled',
  hasQuarantine: ({ context }: GuardArgs) => context.quarantine !== null,
  depsSatisfied: ({ context }: GuardArgs) => depsSatisfied(context),
  /** Dependencies running and a verified snapshot held: `loading` may spawn it. */
  readyToLoad: ({ context }: GuardArgs) => depsSatisfied(context) && context.snapshot !== null,
  noBackoffDelay: ({ context }: GuardArgs) => context.backoffMs <= 0,
  // Passing means a snapshot to run from: without one there is nothing verified to load.
  verificationPassed: (_: GuardArgs, params: { output: VerifyOutput }) => params.output.ok && params.output.snapshot !== undefined,
  dependencyStop: ({ event }: GuardArgs) => event.type === 'module.stop' && event.reason === 'dependency',
  // The event ends the live child and the policies send the module to `outcome`.
  exitLeadsTo: ({ context, event }: GuardArgs, params: { outcome: ExitOutcome }) => {
    const ended = endedInstance(context, event);
    return ended !== null && exitOutcome(context, ended.exit) === params.outcome;
  },
  currentSpawn: ({ context, event }: GuardArgs) => event.type === 'child.spawned' && isCurrentInstance(context, event.instanceId),
  currentInstance: ({ context, event }: GuardArgs) =>
    'instanceId' in event && context.instanceId !== null && event.instanceId === context.instanceId,
  // The monitor may not know instance ids; a breach without one concerns whatever runs now.
  currentLimit: ({ context, event }: GuardArgs) =>
    event.type === 'limit.breach' && context.processLive && (event.instanceId === undefined || event.instanceId === context.instanceId),
  /** A CPU episode ended for the running instance, and nothing else keeps it degraded. */
  limitCleared: ({ context, event }: GuardArgs) =>
    event.type === 'limit.cleared' && context.processLive && event.instanceId === context.instanceId && context.missedPings === 0,
  limitKills: ({ event }: GuardArgs) => event.type === 'limit.breach' && event.kill,
  pingsAnswered: ({ event }: GuardArgs) => event.type === 'ipc.liveness' && event.missed <= 0,
  pingsMissing: ({ context, event }: GuardArgs) =>
    event.type === 'ipc.liveness' && event.missed >= 1 && event.missed < context.policy.max_missed_pings,
  /** A crash restart without delay, dependencies running and a spare spawned: the spare takes over. */
  spareAdoptable: ({ context }: GuardArgs) => spareAdoptable(context) && depsSatisfied(context),
  currentSpare: ({ context, event }: GuardArgs) =>
    event.type.startsWith('standby.') && isCurrentSpare(context, event as { generation?: number; instanceId?: string }),
  pingsLost: ({ context, event }: GuardArgs) => event.type === 'ipc.liveness' && event.missed >= context.policy.max_missed_pings,
};
