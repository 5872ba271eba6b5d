// The last lines each module wrote, kept in memory for quarantine evidence and `module info`.
export class OutputTails {
  private readonly tails = new Map<string, string[]>();

  constructor(private readonly keep = 50) {}

  push(module: string, line: string): void {
    let tail = this.tails.get(module);
    if (!tail) this.tails.set(module, (tail = []));
    tail.push(line);
    if (tail.length > this.keep) tail.splice(0, tail.length - this.keep);
  }

  get(module: string, n = this.keep): string[] {
    return (this.tails.get(module) ?? []).slice(-n);
  }
}
