// Which event types a subscription wants: exact names, `<module>.*` prefixes, or everything.
export class TypeFilter {
  readonly patterns: readonly string[];
  private readonly all: boolean;
  private readonly exact = new Set<string>();
  private readonly prefixes: string[] = [];

  /** An empty pattern list means every type. */
  constructor(patterns: readonly string[]) {
    this.patterns = patterns.length === 0 ? ['*'] : [...new Set(patterns)];
    this.all = this.patterns.includes('*');
    for (const p of this.patterns) {
      if (p.endsWith('.*')) this.prefixes.push(p.slice(0, -1));
      else this.exact.add(p);
    }
  }

  matches(type: string): boolean {
    if (this.all || this.exact.has(type)) return true;
    return this.prefixes.some((prefix) => type.startsWith(prefix));
  }

  /** The exact types to ask the store for, or undefined when only filtering after reading works. */
  storeTypes(): string[] | undefined {
    return this.all || this.prefixes.length > 0 ? undefined : [...this.exact];
  }
}
