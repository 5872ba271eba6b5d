// Sizes in blvm.toml: "64MiB", "512KiB", "1GiB", "100MB", "10kB", or a plain byte count.
import { ValueError, describeValue } from './value-error.js';

const UNIT_BYTES: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};
const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i;

/** Bytes of a size string or integer; throws ValueError with an operator-facing message. */
export function parseSize(value: unknown): number {
  const bad = () => new ValueError(`expected a size like "64MiB" or a byte count, got ${describeValue(value)}`);
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return value;
    throw bad();
  }
  if (typeof value !== 'string') throw bad();
  const match = SIZE.exec(value.trim());
  const unit = match ? UNIT_BYTES[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) throw bad();
  const bytes = Math.round(Number(match[1]) * unit);
  if (!Number.isSafeInteger(bytes)) throw new ValueError(`size ${describeValue(value)} is too large`);
  return bytes;
}

/** Human rendering with binary units: 16777216 → "16MiB". */
export function formatSize(bytes: number): string {
  for (const unit of ['TiB', 'GiB', 'MiB', 'KiB'] as const) {
    const size = UNIT_BYTES[unit.toLowerCase()];
    if (bytes !== 0 && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}
