// Turns the transitions recorded after one injection into detection and recovery times.
import type { Transition } from './observe.js';

export interface Measured {
  detectMs: number | null;
  recoverMs: number | null;
}

const healthy = (state: string) => state === 'monitoring.healthy';

/**
 * Detect = the first transition after the injection; recover = back in monitoring.healthy after it.
 * Whole milliseconds: the injection time is `Date.now()`, so the transitions' finer stamps add nothing.
 */
export function measureRecovery(transitions: Transition[], injectedAt: number): Measured {
  const after = transitions.filter((t) => t.at >= injectedAt).sort((a, b) => a.id - b.id);
  const first = after[0];
  if (!first) return { detectMs: null, recoverMs: null };
  const detectMs = Math.round(first.at - injectedAt);
  const back = after.find((t) => t.id > first.id && healthy(t.to)) ?? (healthy(first.to) && !healthy(first.from) ? first : undefined);
  return { detectMs, recoverMs: back ? Math.round(back.at - injectedAt) : null };
}
