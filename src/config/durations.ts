// Durations in blvm.toml are strings with a unit: "500us", "500ms", "10s", "5m", "1h", "1d".
// Bare numbers are rejected: "30" could mean seconds or milliseconds.
import { ValueError, describeValue } from './value-error.js';

const UNIT_MS = { us: 0.001, ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)(us|ms|s|m|h|d)$/;

/** Milliseconds of a duration string; throws ValueError with an operator-facing message. */
export function parseDuration(value: unknown): number {
  const ms = durationMs(value);
  if (!Number.isSafeInteger(ms)) {
    throw new ValueError(`expected a whole number of milliseconds, got ${describeValue(value)}`);
  }
  return ms;
}

/** Milliseconds of a duration string, fractions allowed ("500us" = 0.5): for the few sub-millisecond settings. */
export function parseFineDuration(value: unknown): number {
  return Math.round(durationMs(value) * 1000) / 1000;
}

function durationMs(value: unknown): number {
  const bad = () => new ValueError(`expected a duration like "30s", got ${describeValue(value)}`);
  if (typeof value !== 'string') throw bad();
  const match = DURATION.exec(value.trim());
  if (!match) throw bad();
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** Shortest exact rendering of a millisecond count: 90000 → "90s", 300000 → "5m". */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms !== 0 && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
