// Validates one TOML table against a section schema: known keys are parsed, unknown keys
// are reported with a suggestion, absent keys take their defaults.
import { suggestion } from './did-you-mean.js';
import type { SectionSchema } from './schema.js';
import { keyPath, type Problems } from './problems.js';

export interface SectionOptions {
  /** Fill absent keys with their defaults (false for per-module overrides). */
  defaults: boolean;
  /** Extra hint for an unknown key with no close match, e.g. the section it belongs to. */
  unknownHint?: (key: string) => string;
  /** Claims keys the schema does not know (returns true when it handled the key). */
  other?: (key: string, value: unknown) => boolean;
}

export function parseSection<S>(
  schema: SectionSchema<S>,
  raw: Record<string, unknown>,
  table: readonly string[],
  problems: Problems,
  options: SectionOptions,
): Partial<S> {
  const fields = schema as Record<string, SectionSchema<S>[keyof S]>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (field) {
      const parsed = problems.check(keyPath(table, key), () => field.parse(value));
      if (parsed !== undefined) out[key] = parsed;
    } else if (!options.other?.(key, value)) {
      const hint = suggestion(key, Object.keys(fields)) || (options.unknownHint?.(key) ?? '');
      problems.add(keyPath(table, key), `unknown key${hint}`);
    }
  }
  if (options.defaults) {
    for (const [key, field] of Object.entries(fields)) {
      if (!(key in out) && field.default !== undefined) out[key] = structuredClone(field.default);
    }
  }
  return out as Partial<S>;
}
