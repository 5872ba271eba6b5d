import type { SupervisionPolicy } from '../../src/config/types.js';

export type CrashBudgetPolicy = Pick<SupervisionPolicy, 'max_crashes' | 'crash_window'>;

export interface CrashBudget {
  /** Crash times still inside the window (the only ones worth keeping). */
  recent: number[];
  /** More than `max_crashes` crashes inside the window: the module is crash-looping. */
  exceeded: boolean;
}

export function crashBudget(crashTimes: number[], now: number, policy: CrashBudgetPolicy): CrashBudget {
  const since = now - policy.crash_window;
  const recent = crashTimes.filter((at) => at > since);
  return { recent, exceeded: recent.length > policy.max_crashes };
}
