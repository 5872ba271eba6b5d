// Where things are in a TOML text: the line of every key path, table header and array
// element. The TOML parser gives values but no positions; this scanner (run only on text
// the parser already accepted) gives the line numbers that problems report.

export type PathSegment = string | number;

export interface TableHeader {
  /** 1-based line of the `[table]` or `[[array]]` header. */
  line: number;
  key: string[];
  arrayOfTables: boolean;
}

export interface Assignment {
  /** The table the `key = value` line belongs to ([] = root). */
  table: PathSegment[];
  key: string[];
  line: number;
}

const pathKey = (path: readonly PathSegment[]): string => JSON.stringify(path);

export class TomlLayout {
  readonly headers: TableHeader[] = [];
  readonly assignments: Assignment[] = [];
  private readonly lines = new Map<string, number>();
  private readonly lineStarts: number[] = [0];
  private readonly arrays = new Map<string, number>();
  private pos = 0;

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
    this.scan();
  }

  /** Line of the path, or of its closest recorded ancestor. */
  lineOf(path: readonly PathSegment[]): number | undefined {
    for (let n = path.length; n > 0; n--) {
      const line = this.lines.get(pathKey(path.slice(0, n)));
      if (line !== undefined) return line;
    }
    return undefined;
  }

  private lineAt(pos: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= pos) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  private record(path: readonly PathSegment[], line: number): void {
    for (let n = 1; n <= path.length; n++) {
      const key = pathKey(path.slice(0, n));
      if (!this.lines.has(key)) this.lines.set(key, line);
    }
  }

  private get eof(): boolean {
    return this.pos >= this.text.length;
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  private scan(): void {
    let table: PathSegment[] = [];
    while (true) {
      this.skipBlank(true);
      if (this.eof) return;
      const start = this.pos;
      const line = this.lineAt(this.pos);
      if (this.peek() === '[') {
        const array = this.text[this.pos + 1] === '[';
        this.pos += array ? 2 : 1;
        const key = this.key();
        this.skipBlank(false);
        this.pos += array ? 2 : 1;
        table = this.resolve(key, array);
        this.headers.push({ line, key, arrayOfTables: array });
        this.record(table, line);
      } else {
        const key = this.key();
        this.assignments.push({ table, key, line });
        this.record([...table, ...key], line);
        this.skipBlank(false);
        this.pos++;
        this.skipBlank(false);
        this.value([...table, ...key]);
      }
      if (this.pos === start) this.pos++;
    }
  }

  // Inserts the current index after every array-of-tables prefix of a header key.
  private resolve(key: string[], arrayOfTables: boolean): PathSegment[] {
    const out: PathSegment[] = [];
    key.forEach((segment, i) => {
      out.push(segment);
      const last = i === key.length - 1;
      const count = this.arrays.get(pathKey(out));
      if (last && arrayOfTables) {
        this.arrays.set(pathKey(out), (count ?? 0) + 1);
        out.push(count ?? 0);
      } else if (count !== undefined) {
        out.push(count - 1);
      }
    });
    return out;
  }

  private value(path: PathSegment[]): void {
    if (this.peek() === '"' || this.peek() === "'") return this.string();
    if (this.peek() === '[' || this.peek() === '{') {
      const close = this.peek() === '[' ? ']' : '}';
      const inlineTable = close === '}';
      this.pos++;
      for (let index = 0; ; index++) {
        this.skipBlank(true);
        if (this.eof || this.peek() === close) {
          this.pos++;
          return;
        }
        const start = this.pos;
        const line = this.lineAt(this.pos);
        if (inlineTable) {
          const key = this.key();
          this.record([...path, ...key], line);
          this.skipBlank(false);
          this.pos++;
          this.skipBlank(false);
          this.value([...path, ...key]);
        } else {
          this.record([...path, index], line);
          this.value([...path, index]);
        }
        this.skipBlank(true);
        if (this.peek() === ',') this.pos++;
        if (this.pos === start) this.pos++;
      }
    }
    while (!this.eof && !',]}#\r\n'.includes(this.peek())) this.pos++;
  }

  private key(): string[] {
    const parts: string[] = [];
    while (true) {
      this.skipBlank(false);
      if (this.peek() === '"' || this.peek() === "'") {
        const start = this.pos;
        this.string();
        parts.push(decodeQuoted(this.text.slice(start, this.pos)));
      } else {
        const match = /^[A-Za-z0-9_-]+/.exec(this.text.slice(this.pos, this.pos + 256));
        const bare = match?.[0] ?? '';
        parts.push(bare);
        this.pos += bare.length;
      }
      this.skipBlank(false);
      if (this.peek() !== '.') return parts;
      this.pos++;
    }
  }

  private string(): void {
    const quote = this.peek();
    const triple = this.text.startsWith(quote.repeat(3), this.pos);
    this.pos += triple ? 3 : 1;
    while (!this.eof) {
      if (quote === '"' && this.peek() === '\\') {
        this.pos += 2;
        continue;
      }
      if (this.peek() === quote && (!triple || this.text.startsWith(quote.repeat(3), this.pos))) {
        this.pos += triple ? 3 : 1;
        // A closing delimiter may be followed by up to two quotes that belong to the content.
        for (let extra = 0; triple && extra < 2 && this.peek() === quote; extra++) this.pos++;
        return;
      }
      this.pos++;
    }
  }

  private skipBlank(newlines: boolean): void {
    while (!this.eof) {
      const c = this.peek();
      if (c === ' ' || c === '\t') this.pos++;
      else if (newlines && (c === '\r' || c === '\n')) this.pos++;
      else if (newlines && c === '#') {
        const end = this.text.indexOf('\n', this.pos);
        this.pos = end === -1 ? this.text.length : end + 1;
      } else return;
    }
  }
}

function decodeQuoted(raw: string): string {
  const inner = raw.slice(1, -1);
  if (raw.startsWith("'")) return inner;
  try {
    return JSON.parse(`"${inner}"`) as string;
  } catch {
    return inner;
  }
}
