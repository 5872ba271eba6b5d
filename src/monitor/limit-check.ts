// The watchdog's decision (pure): given the state of one module instance and its newest
// sample, is a limit breached? Memory: over max_memory for memory_samples consecutive samples
// (then the module is stopped). CPU: the mean over cpu_window above max_cpu_percent, judged
// only once samples cover a whole window; reported once per episode, again after it recovered.
import type { Limits } from '../config/types.js';
import type { LimitReason } from '../../actors/module/types.js';

export interface UsageSample {
  at: number;
  cpu_percent: number;
  rss_bytes: number;
}

export interface LimitState {
  overMemory: number;
  memoryBreached: boolean;
  firstAt: number | null;
  window: { at: number; cpu: number }[];
  cpuBreached: boolean;
  /** Set when a CPU episode ends; the monitor reports it once and clears it. */
  cpuCleared: boolean;
}

export interface Breach {
  reason: LimitReason;
  kill: boolean;
  detail: string;
}

export function initialLimitState(): LimitState {
  return { overMemory: 0, memoryBreached: false, firstAt: null, window: [], cpuBreached: false, cpuCleared: false };
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function checkMemory(state: LimitState, sample: UsageSample, limits: Limits): Breach | null {
  if (limits.max_memory === undefined) return null;
  state.overMemory = sample.rss_bytes > limits.max_memory ? state.overMemory + 1 : 0;
  if (state.memoryBreached || state.overMemory < limits.memory_samples) return null;
  state.memoryBreached = true;
  return {
    reason: 'memory_limit',
    kill: true,
    detail: `RSS ${mib(sample.rss_bytes)} over max_memory ${mib(limits.max_memory)} for ${state.overMemory} samples`,
  };
}

function checkCpu(state: LimitState, sample: UsageSample, limits: Limits): Breach | null {
  let expired = 0;
  while (expired < state.window.length && state.window[expired].at <= sample.at - limits.cpu_window) expired += 1;
  if (expired > 0) state.window.splice(0, expired);
  state.window.push({ at: sample.at, cpu: sample.cpu_percent });
  if (limits.max_cpu_percent === undefined || state.firstAt === null) return null;
  if (sample.at - state.firstAt < limits.cpu_window) return null;
  const mean = state.window.reduce((sum, s) => sum + s.cpu, 0) / state.window.length;
  if (mean <= limits.max_cpu_percent) {
    if (state.cpuBreached) state.cpuCleared = true;
    state.cpuBreached = false;
    return null;
  }
  if (state.cpuBreached) return null;
  state.cpuBreached = true;
  return {
    reason: 'cpu_limit',
    kill: limits.kill_on_cpu_limit,
    detail: `CPU ${mean.toFixed(1)}% over max_cpu_percent ${limits.max_cpu_percent}% (mean of ${limits.cpu_window / 1000}s)`,
  };
}

/** Updates `state` with the sample; returns the breach to report, if any (memory first). */
export function checkLimits(state: LimitState, sample: UsageSample, limits: Limits): Breach | null {
  state.firstAt ??= sample.at;
  const memory = checkMemory(state, sample, limits);
  const cpu = checkCpu(state, sample, limits);
  return memory ?? cpu;
}
