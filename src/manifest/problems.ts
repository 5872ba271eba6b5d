// Collects every manifest problem as one line `<file>:<line>: <field path>: <message>`, so
// an author sees all of them at once instead of fixing one error per run.
import type { PathSegment, TomlLayout } from './toml-layout.js';

/** `capabilities[1]`, `binary.files."lib/util.js"`, `signatures[0].public_key`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = /^[A-Za-z0-9_-]+$/.test(segment) ? segment : JSON.stringify(segment);
      out += out === '' ? key : `.${key}`;
    }
  }
  return out;
}

/** TOML-flavoured name of a parsed value's type. */
export function kindOf(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  if (value instanceof Date) return 'date-time';
  if (Array.isArray(value)) return 'array';
  if (value !== null && typeof value === 'object') return 'table';
  return typeof value;
}

const article = (kind: string): string => (/^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`);

export function isTable(value: unknown): value is Record<string, unknown> {
  return kindOf(value) === 'table';
}

export class Problems {
  private readonly entries: { line: number; text: string }[] = [];

  constructor(
    readonly display: string,
    private readonly layout?: TomlLayout,
  ) {}

  /** Every problem, in file order (problems without a line first). */
  get items(): string[] {
    return [...this.entries].sort((a, b) => a.line - b.line).map((e) => e.text);
  }

  /** A problem already formatted, placed at `line` when known. */
  addFormatted(text: string, line?: number): void {
    this.entries.push({ line: line ?? 0, text });
  }

  add(path: readonly PathSegment[], message: string): void {
    const line = this.layout?.lineOf(path);
    const where = line === undefined ? this.display : `${this.display}:${line}`;
    this.addFormatted(path.length === 0 ? `${where}: ${message}` : `${where}: ${formatPath(path)}: ${message}`, line);
  }

  /** Records a type problem unless the value has the expected kind; returns whether it has. */
  expect(path: readonly PathSegment[], value: unknown, kind: 'string' | 'integer' | 'boolean' | 'array' | 'table'): boolean {
    const actual = kindOf(value);
    if (actual === kind) return true;
    if (kind === 'string' && actual === 'date-time') {
      this.add(path, 'expected a string, got a TOML date-time: write it in quotes');
    } else {
      this.add(path, `expected ${article(kind)}, got ${article(actual)}`);
    }
    return false;
  }

  get count(): number {
    return this.entries.length;
  }
}
