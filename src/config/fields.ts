// Field builders for the schema: each field knows its type (for messages and docs), its
// default (undefined = optional and unset) and how to validate a raw TOML value.
import { KNOWN_CAPABILITIES } from './types.js';
import { suggestion } from './did-you-mean.js';
import { formatDuration, parseDuration, parseFineDuration } from './durations.js';
import { parseSize } from './sizes.js';
import { ValueError, describeValue, type ValueProblem } from './value-error.js';

export interface Field<T> {
  /** What is accepted, for messages and generated docs: 'duration', 'size', '"a" | "b"'. */
  type: string;
  /** Value used when the key is absent; undefined = the key stays unset. */
  default: T | undefined;
  /** Validates and converts a raw TOML value; throws ValueError. */
  parse(value: unknown): T;
  /** One-line description (the shipped blvm.toml carries the long form). */
  doc: string;
}

export const MODULE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const MODULE_NAME_RULE = 'lowercase letters, digits and "-", starting with a letter or digit, at most 64 characters';

export function string(doc: string, def: string, opts: { nonEmpty?: boolean } = {}): Field<string> {
  return {
    type: 'string',
    default: def,
    doc,
    parse(value) {
      if (typeof value !== 'string') throw new ValueError(`expected a string, got ${describeValue(value)}`);
      if (opts.nonEmpty && value.trim() === '') throw new ValueError('expected a non-empty string');
      return value;
    },
  };
}

export function boolean(doc: string, def: boolean): Field<boolean> {
  return {
    type: 'boolean',
    default: def,
    doc,
    parse(value) {
      if (typeof value !== 'boolean') throw new ValueError(`expected true or false, got ${describeValue(value)}`);
      return value;
    },
  };
}

export function integer(doc: string, def: number | undefined, min = 1): Field<number> {
  return {
    type: `integer >= ${min}`,
    default: def,
    doc,
    parse(value) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw new ValueError(`expected an integer, got ${describeValue(value)}`);
      }
      if (value < min) throw new ValueError(`expected an integer >= ${min}, got ${value}`);
      return value;
    },
  };
}

export function positiveNumber(doc: string, def: number | undefined): Field<number> {
  return {
    type: 'number > 0',
    default: def,
    doc,
    parse(value) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new ValueError(`expected a number, got ${describeValue(value)}`);
      }
      if (value <= 0) throw new ValueError(`expected a number greater than 0, got ${value}`);
      return value;
    },
  };
}

export function oneOf<T extends string>(doc: string, def: T, allowed: readonly T[]): Field<T> {
  const list = allowed.map((a) => JSON.stringify(a)).join(', ');
  return {
    type: allowed.map((a) => JSON.stringify(a)).join(' | '),
    default: def,
    doc,
    parse(value) {
      if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
      const hint = typeof value === 'string' ? suggestion(value, allowed) : '';
      throw new ValueError(`expected one of ${list}, got ${describeValue(value)}${hint}`);
    },
  };
}

/** Durations in ms; `min` is the smallest accepted value (1 = must be positive). */
export function duration(doc: string, def: string, min = 1): Field<number> {
  return {
    type: 'duration',
    default: parseDuration(def),
    doc,
    parse(value) {
      const ms = parseDuration(value);
      if (ms < min) {
        const floor = min === 1 ? 'greater than 0' : `of at least ${formatDuration(min)}`;
        throw new ValueError(`expected a duration ${floor}, got ${describeValue(value)}`);
      }
      return ms;
    },
  };
}

/** Durations in ms with fractions ("500us"), from 0 up to `max` ms. */
export function fineDuration(doc: string, def: string, max: number): Field<number> {
  return {
    type: 'duration',
    default: parseFineDuration(def),
    doc,
    parse(value) {
      const ms = parseFineDuration(value);
      if (ms > max) throw new ValueError(`expected a duration of at most ${formatDuration(max)}, got ${describeValue(value)}`);
      return ms;
    },
  };
}

/** Sizes in bytes; `min` is the smallest accepted byte count. */
export function size(doc: string, def: string | undefined, min = 1): Field<number> {
  return {
    type: 'size',
    default: def === undefined ? undefined : parseSize(def),
    doc,
    parse(value) {
      const bytes = parseSize(value);
      if (bytes < min) throw new ValueError(`expected a size of at least ${min} byte(s), got ${describeValue(value)}`);
      return bytes;
    },
  };
}

/** An array whose every element is checked by `item`; problems are reported per index. */
export function listOf<T>(doc: string, itemType: string, item: (value: unknown) => T): Field<T[]> {
  return {
    type: `array of ${itemType}`,
    default: [],
    doc,
    parse(value) {
      if (!Array.isArray(value)) throw new ValueError(`expected an array of ${itemType}, got ${describeValue(value)}`);
      const problems: ValueProblem[] = [];
      const out: T[] = [];
      value.forEach((element, index) => {
        try {
          out.push(item(element));
        } catch (error) {
          if (!(error instanceof ValueError)) throw error;
          for (const p of error.problems) problems.push({ subpath: `[${index}]${p.subpath}`, message: p.message });
        }
      });
      if (problems.length > 0) throw new ValueError(problems);
      return out;
    },
  };
}

export function moduleName(value: unknown): string {
  if (typeof value !== 'string') throw new ValueError(`expected a module name, got ${describeValue(value)}`);
  if (!MODULE_NAME.test(value)) throw new ValueError(`invalid module name ${describeValue(value)}: use ${MODULE_NAME_RULE}`);
  return value;
}

export function capability(value: unknown): string {
  if (typeof value === 'string' && (KNOWN_CAPABILITIES as readonly string[]).includes(value)) return value;
  const hint = typeof value === 'string' ? suggestion(value, KNOWN_CAPABILITIES) : '';
  throw new ValueError(`unknown capability ${describeValue(value)}${hint}`);
}

export const moduleNames = (doc: string): Field<string[]> => uniqueList(listOf(doc, 'module names', moduleName));
export const capabilities = (doc: string): Field<string[]> => uniqueList(listOf(doc, 'capability names', capability));

/** Drops repeated entries (a name listed twice is harmless, so it is not an error). */
function uniqueList(field: Field<string[]>): Field<string[]> {
  return { ...field, parse: (value) => [...new Set(field.parse(value))] };
}
