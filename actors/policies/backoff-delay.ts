import type { SupervisionPolicy } from '../../src/config/types.js';

export type BackoffPolicy = Pick<SupervisionPolicy, 'initial_delay' | 'max_delay'>;

/**
 * Delay before restart number `attempt` (0-based). The first restart is immediate; later ones use
 * exponential backoff with full jitter, so a crash-looping fleet does not restart in lockstep.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  if (attempt <= 0) return 0;
  const ceiling = Math.min(policy.max_delay, policy.initial_delay * 2 ** (attempt - 1));
  return clampUnit(random()) * ceiling;
}

/** Keeps a misbehaving random source inside [0, 1] so the delay never leaves its bounds. */
function clampUnit(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(value, 1);
}
