import type { Threshold } from '../config/types.js';
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
  return manifest.threshold === undefined ? undefined : parseThreshold(manifest.threshold);
}
