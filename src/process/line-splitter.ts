// Turns a byte stream into text lines: UTF-8 sequences split across chunks are kept whole,
// CRLF becomes LF, and a line longer than the cap is cut so memory stays bounded.
import { StringDecoder } from 'node:string_decoder';

export const MAX_LINE_CHARS = 16_384;

export class LineSplitter {
  // Made at the first chunk: a module that never writes (most idle ones) costs no decoder and
  // its buffer; three splitters per module (issue 19).
  private decoder: StringDecoder | null = null;
  private partial = '';

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineChars = MAX_LINE_CHARS,
  ) {}

  /** Text received after the last newline. */
  get pending(): string {
    return this.partial;
  }

  push(chunk: Buffer): void {
    this.decoder ??= new StringDecoder('utf8');
    const lines = (this.partial + this.decoder.write(chunk)).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.emit(line);
    while (this.partial.length > this.maxLineChars) {
      this.onLine(this.partial.slice(0, this.maxLineChars));
      this.partial = this.partial.slice(this.maxLineChars);
    }
  }

  /** Emits the unterminated last line, if any. */
  end(): void {
    const rest = this.partial + (this.decoder?.end() ?? '');
    this.partial = '';
    if (rest.length > 0) this.emit(rest);
  }

  private emit(line: string): void {
    let rest = line.endsWith('\r') ? line.slice(0, -1) : line;
    while (rest.length > this.maxLineChars) {
      this.onLine(rest.slice(0, this.maxLineChars));
      rest = rest.slice(this.maxLineChars);
    }
    this.onLine(rest);
  }
}
