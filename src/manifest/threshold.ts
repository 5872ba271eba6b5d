import type { Threshold } from '../config/types.js';
import { declaredThreshold } from './manifest-form.js';
import type { Manifest } from './types.js';

/** "2-of-3" → {m: 2, n: 3}; undefined unless 1 <= M <= N. */
export function parseThreshold(text: string): Threshold | undefined {
  const match = /^([1-9][0-9]{0,2})-of-([1-9][0-9]{0,2})$/.exec(text);
  if (!match) return undefined;
  const m = Number(match[1]);
  const n = Number(match[2]);
  return m <= n ? { m, n } : undefined;
}

export function manifestThreshold(manifest: Manifest): Threshold | undefined {
  const declared = declaredThreshold(manifest);
  return declared === undefined ? undefined : parseThreshold(declared);
}

/** Why a threshold text is not "M-of-N" with 1 <= M <= N, if it is not. */
export function thresholdProblem(text: string): string | undefined {
  return parseThreshold(text) === undefined ? `${JSON.stringify(text)} is not a threshold of the form "M-of-N" with 1 <= M <= N` : undefined;
}
