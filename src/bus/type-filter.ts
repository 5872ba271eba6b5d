// Which event types a subscription wants: exact names, `<module>.*` prefixes, or everything.
export class TypeFilter {
  readonly patterns: readonly string[];
  private readonly all: boolean;
  private readonly exact = new Set<string>();
  private readonly prefixes: string[] = [];
  /** The last type asked about and the answer: consecutive events are mostly of one type. */
  private lastType: string | null = null;
  private lastMatch = false;

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
    if (this.all) return true;
    if (type === this.lastType) return this.lastMatch;
    this.lastType = type;
    this.lastMatch = this.exact.has(type) || this.prefixes.some((prefix) => type.startsWith(prefix));
    return this.lastMatch;
  }

  /** The exact types to ask the store for, or undefined when only filtering after reading works. */
  storeTypes(): string[] | undefined {
    return this.all || this.prefixes.length > 0 ? undefined : [...this.exact];
  }
}
