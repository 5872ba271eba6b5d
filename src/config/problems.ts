// Collects every problem of one config file so they are all reported at once, each as
// `blvm.toml: [section].key: message`.
import { ValueError } from './value-error.js';

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function tomlKey(part: string): string {
  return BARE_KEY.test(part) ? part : JSON.stringify(part);
}

/** `[modules.hog]`, `[modules.hog].max_memory`, `[security].trusted_maintainers[1].name`. */
export function keyPath(table: readonly string[], key?: string, subpath = ''): string {
  const head = table.length === 0 ? '' : `[${table.map(tomlKey).join('.')}]`;
  if (key === undefined) return head + subpath;
  return (head === '' ? tomlKey(key) : `${head}.${tomlKey(key)}`) + subpath;
}

/** First table or key of a path: "supervision" for `[supervision].max_delay`. */
function topLevel(path: string): string {
  const match = /^\[?("(?:[^"\\]|\\.)*"|[A-Za-z0-9_-]+)/.exec(path);
  if (!match) return path;
  return match[1].startsWith('"') ? (JSON.parse(match[1]) as string) : match[1];
}

export class Problems {
  private readonly entries: { top: string; line: string }[] = [];
  private readonly failed = new Set<string>();

  constructor(private readonly fileName: string) {}

  add(path: string, message: string): void {
    this.push(path, message);
    this.failed.add(path);
  }

  get count(): number {
    return this.entries.length;
  }

  /** Problem lines, grouped by section in the order the sections appear in `order`. */
  lines(order: readonly string[] = []): string[] {
    const rank = (top: string) => {
      const index = order.indexOf(top);
      return index === -1 ? order.length : index;
    };
    return this.entries
      .map((entry, index) => ({ ...entry, index }))
      .sort((a, b) => rank(a.top) - rank(b.top) || a.index - b.index)
      .map((entry) => entry.line);
  }

  private push(path: string, message: string): void {
    this.entries.push({ top: topLevel(path), line: `${this.fileName}: ${path}: ${message}` });
  }

  /** Runs a validator; a ValueError becomes one line per problem. Returns undefined on failure. */
  check<T>(path: string, validate: () => T): T | undefined {
    try {
      return validate();
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      for (const p of error.problems) this.push(`${path}${p.subpath}`, p.message);
      this.failed.add(path);
      return undefined;
    }
  }

  /** False if the value at `path` was rejected (cross-field checks then stay quiet about it). */
  ok(path: string): boolean {
    return !this.failed.has(path);
  }
}
