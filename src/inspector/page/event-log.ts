// The event log: module transitions and node events, newest first, filterable by module and
// type, and bounded so a long-open page does not grow without end.
import type { LogEntry } from '../wire-types.js';
import { byId, h, replaceChildren } from './dom.js';
import { clock } from './format.js';

export const MAX_LOG_ENTRIES = 500;
const ALL = '';

export class EventLog {
  private readonly list = byId('event-log');
  private readonly moduleFilter = byId<HTMLSelectElement>('log-module');
  private readonly typeFilter = byId<HTMLSelectElement>('log-type');
  private readonly count = byId('log-count');
  private readonly entries: LogEntry[] = [];
  private readonly modules = new Set<string>();
  private readonly types = new Set<string>();

  constructor() {
    this.moduleFilter.addEventListener('change', () => this.render());
    this.typeFilter.addEventListener('change', () => this.render());
  }

  add(entry: LogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_LOG_ENTRIES) this.entries.splice(0, this.entries.length - MAX_LOG_ENTRIES);
    this.addOption(this.moduleFilter, this.modules, entry.module);
    this.addOption(this.typeFilter, this.types, entry.type);
    if (this.matches(entry)) {
      this.list.prepend(this.row(entry));
      while (this.list.children.length > MAX_LOG_ENTRIES) this.list.lastElementChild?.remove();
    }
    this.updateCount();
  }

  /** Offers every known module in the filter even before it logged anything. */
  knowModules(names: string[]): void {
    for (const name of names) this.addOption(this.moduleFilter, this.modules, name);
  }

  private matches(entry: LogEntry): boolean {
    const module = this.moduleFilter.value;
    const type = this.typeFilter.value;
    return (module === ALL || entry.module === module) && (type === ALL || entry.type === type);
  }

  private render(): void {
    const shown = this.entries.filter((e) => this.matches(e)).reverse();
    replaceChildren(this.list, ...shown.map((e) => this.row(e)));
    this.updateCount();
  }

  private updateCount(): void {
    this.count.textContent = `${this.list.children.length} shown · ${this.entries.length} kept (max ${MAX_LOG_ENTRIES})`;
  }

  private addOption(select: HTMLSelectElement, seen: Set<string>, value: string | null): void {
    if (value === null || seen.has(value)) return;
    seen.add(value);
    const options = [...seen].sort();
    const option = h('option', { value }, value);
    const before = [...select.options].find((o) => o.value !== ALL && o.value > value && options.includes(o.value));
    select.insertBefore(option, before ?? null);
  }

  private row(entry: LogEntry): HTMLElement {
    return h(
      'li',
      { class: `log-${entry.kind}`, 'data-type': entry.type, 'data-module': entry.module ?? '' },
      h('time', {}, clock(entry.at)),
      h('span', { class: 'log-module' }, entry.module ?? 'node'),
      h('span', { class: 'log-type' }, entry.type),
      h('span', { class: 'log-summary' }, entry.summary),
    );
  }
}
