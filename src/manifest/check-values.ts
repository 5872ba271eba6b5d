// Free-form values (payment, config defaults) must survive the canonical JSON form that
// signatures cover, so TOML date-times and non-finite floats are refused.
import type { PathSegment } from './toml-layout.js';
import { isTable, type Problems } from './problems.js';

export function checkPlainValue(path: PathSegment[], value: unknown, p: Problems): void {
  if (value instanceof Date) {
    p.add(path, 'TOML date-time values are not allowed in a manifest: write it as a quoted string');
  } else if (typeof value === 'number' && !Number.isFinite(value)) {
    p.add(path, `${String(value)} is not allowed in a manifest: only finite numbers`);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkPlainValue([...path, i], item, p));
  } else if (isTable(value)) {
    for (const [key, item] of Object.entries(value)) checkPlainValue([...path, key], item, p);
  }
}
