// Waiting in tests on a shared machine: poll an observable condition until a deadline that
// stretches with the measured load, and fail with a message that says what never happened.
import { availableParallelism, loadavg } from 'node:os';
import { BlvmError } from '../errors.js';

const MAX_LOAD_FACTOR = 6;

/** How much slower than an idle machine this one is likely to be: max(1, 1-min load / cores), capped. */
export function loadFactor(): number {
  return Math.min(MAX_LOAD_FACTOR, Math.max(1, loadavg()[0] / availableParallelism()));
}

/** A deadline for work that takes `baseMs` on an idle machine, scaled by the current load. */
export function scaledTimeout(baseMs: number): number {
  return Math.round(baseMs * loadFactor());
}

export interface WaitOptions {
  /** Deadline on an idle machine; scaled by the load (default 10 s). */
  timeoutMs?: number;
  intervalMs?: number;
  /** What was awaited, for the error ("module x to restart"); a function is asked at the deadline, to show the last state. */
  message: string | (() => string);
}

/** Polls `check` until it returns a value other than undefined/false; throws a timeout naming `message`. */
export async function waitUntil<T>(check: () => T | undefined | false | Promise<T | undefined | false>, opts: WaitOptions): Promise<T> {
  const timeoutMs = scaledTimeout(opts.timeoutMs ?? 10_000);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) throw new BlvmError('timeout', `timed out after ${timeoutMs} ms waiting for ${typeof opts.message === 'function' ? opts.message() : opts.message}`);
    await new Promise<void>((resolve) => setTimeout(resolve, opts.intervalMs ?? 50));
  }
}
