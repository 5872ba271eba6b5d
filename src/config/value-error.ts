// A problem with one configuration value. Validators throw it; the schema runner catches
// it and records one line per problem, prefixed with the key path (plus `subpath`, e.g.
// "[1].public_key" for an element of an array).

export interface ValueProblem {
  /** Appended to the key path: "" for the value itself, "[2]" or "[0].name" below it. */
  subpath: string;
  message: string;
}

export class ValueError extends Error {
  readonly problems: ValueProblem[];

  constructor(problems: ValueProblem[] | string) {
    const list = typeof problems === 'string' ? [{ subpath: '', message: problems }] : problems;
    super(list.map((p) => (p.subpath ? `${p.subpath}: ${p.message}` : p.message)).join('; '));
    this.name = 'ValueError';
    this.problems = list;
  }
}

/** Short operator-facing rendering of a parsed TOML value: `30`, `"30"`, `true`, `a table`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return String(value);
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return `a date-time (${value.toISOString()})`;
  if (Array.isArray(value)) {
    const text = safeJson(value);
    return text !== undefined && text.length <= 40 ? text : `an array of ${value.length} item(s)`;
  }
  if (value === null || value === undefined) return 'nothing';
  return 'a table';
}

function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** True for a TOML table (a plain object, not an array or a date). */
export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
