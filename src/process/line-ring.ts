// A fixed-size ring of the most recent lines: the in-memory tail kept for exit evidence.

export class LineRing {
  private readonly lines: string[] = [];
  private next = 0;

  constructor(readonly capacity: number) {}

  add(line: string): void {
    if (this.lines.length < this.capacity) this.lines.push(line);
    else this.lines[this.next] = line;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The newest `n` lines, oldest first. */
  last(n: number): string[] {
    const ordered =
      this.lines.length < this.capacity ? this.lines : [...this.lines.slice(this.next), ...this.lines.slice(0, this.next)];
    return n <= 0 ? [] : ordered.slice(-n);
  }
}
