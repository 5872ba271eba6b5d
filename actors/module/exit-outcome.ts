// What one child exit means for a module: where it goes next and what it remembers.
import { errorText } from '../../src/errors.js';
import type { ExitRecord } from '../../src/process/types.js';
import { backoffDelay } from '../policies/backoff-delay.js';
import { classifyExit, EXIT_CONFIG_ERROR } from '../policies/classify-exit.js';
import { crashBudget } from '../policies/crash-budget.js';
import { isRequestedStop, stopDestination, type StopDestination } from '../policies/stop-reason.js';
import { keepLast, LAST_EXITS } from './context.js';
import type { ModuleContext, ModuleEvent } from './types.js';

export type ExitOutcome = 'backoff' | 'quarantined' | StopDestination;

export const EXIT_OUTCOMES: readonly ExitOutcome[] = ['backoff', 'quarantined', 'stopped', 'waitingForDependencies', 'verification'];

export interface EndedInstance {
  instanceId: string;
  exit: ExitRecord;
}

/**
 * The exit an event reports for the current child, or null when it is stale or foreign. A failed
 * process actor (an XState error, which it should never raise) is turned into a crash record so it
 * is supervised like any other failure.
 */
export function endedInstance(context: ModuleContext, event: ModuleEvent): EndedInstance | null {
  if (!context.processLive) return null;
  if (event.type === 'child.exited') {
    return isCurrentInstance(context, event.instanceId) ? { instanceId: event.instanceId, exit: event.exit } : null;
  }
  if (event.type === 'xstate.error.actor.process') {
    const at = Date.now();
    const uptimeMs = context.startedAt === null ? 0 : Math.max(0, at - context.startedAt);
    const detail = `process actor failed: ${errorText(event.error)}`;
    const exit: ExitRecord = { code: null, signal: null, reason: 'crashed', byUs: false, uptimeMs, at, detail };
    return { instanceId: context.instanceId ?? 'unknown', exit };
  }
  return null;
}

/** An instance id names the live child: the one it announced, or any new one before it announced itself. */
export function isCurrentInstance(context: ModuleContext, instanceId: string): boolean {
  if (!context.processLive || context.pastInstances.includes(instanceId)) return false;
  return context.instanceId === null || context.instanceId === instanceId;
}

export function exitOutcome(context: ModuleContext, exit: ExitRecord): ExitOutcome {
  const requested = isRequestedStop(context.stopReason);
  const decision = classifyExit(exit, context.policy.restart, requested);
  if (decision === 'quarantine') return 'quarantined';
  if (decision === 'stop') return requested ? stopDestination(context.stopReason) : 'stopped';
  return crashBudget([...context.crashTimes, exit.at], exit.at, context.policy).exceeded ? 'quarantined' : 'backoff';
}

/** Everything a module remembers after an exit with the given outcome (already decided). */
export function afterExit(
  context: ModuleContext,
  ended: EndedInstance,
  outcome: ExitOutcome,
  random: () => number,
): Partial<ModuleContext> {
  const { exit } = ended;
  const counted = outcome === 'backoff' || outcome === 'quarantined';
  const crashTimes = counted ? crashBudget([...context.crashTimes, exit.at], exit.at, context.policy).recent : context.crashTimes;
  const lastExits = keepLast(context.lastExits, exit, LAST_EXITS);
  const patch: Partial<ModuleContext> = {
    processLive: false,
    instanceId: null,
    pastInstances: keepLast(context.pastInstances, ended.instanceId, LAST_EXITS),
    pid: null,
    startedAt: null,
    readyAt: null,
    missedPings: 0,
    crashTimes,
    lastExits,
  };
  if (outcome === 'quarantined') {
    return { ...patch, quarantine: { at: exit.at, reason: quarantineReason(context, exit, crashTimes.length), exits: lastExits } };
  }
  if (outcome === 'backoff') {
    const backoffMs = backoffDelay(context.attempt, context.policy, random);
    return {
      ...patch,
      backoffMs,
      backoffUntil: exit.at + backoffMs,
      attempt: context.attempt + 1,
      restarts: context.restarts + 1,
    };
  }
  return patch;
}

function quarantineReason(context: ModuleContext, exit: ExitRecord, crashes: number): string {
  if (exit.code === EXIT_CONFIG_ERROR) return `exit code ${EXIT_CONFIG_ERROR} (EX_CONFIG): fatal configuration error`;
  const { max_crashes, crash_window } = context.policy;
  return `crash loop: ${crashes} crashes within ${crash_window / 1000}s (budget ${max_crashes}), last: ${describeExit(exit)}`;
}

/** One-line summary of an exit record for operators. */
export function describeExit(exit: ExitRecord): string {
  const how = exit.signal !== null ? `signal ${exit.signal}` : `code ${exit.code ?? 'none'}`;
  return exit.detail === undefined ? `${exit.reason} (${how})` : `${exit.reason} (${how}): ${exit.detail}`;
}
