// Signature thresholds: "2-of-3" → { m: 2, n: 3 } with 1 <= m <= n.
import type { Threshold } from './types.js';
import { ValueError, describeValue } from './value-error.js';

const THRESHOLD = /^(\d{1,4})-of-(\d{1,4})$/;

export function parseThreshold(value: unknown): Threshold {
  const match = typeof value === 'string' ? THRESHOLD.exec(value.trim()) : null;
  if (!match) throw new ValueError(`expected a threshold like "2-of-3", got ${describeValue(value)}`);
  const m = Number(match[1]);
  const n = Number(match[2]);
  if (m < 1) throw new ValueError(`threshold ${describeValue(value)} must require at least 1 signature`);
  if (m > n) throw new ValueError(`threshold ${describeValue(value)} requires more signatures (${m}) than keys (${n})`);
  return { m, n };
}

export function formatThreshold(threshold: Threshold): string {
  return `${threshold.m}-of-${threshold.n}`;
}
