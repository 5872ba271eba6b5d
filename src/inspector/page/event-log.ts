// The event log: module lifecycle lines (transitions, crashes, quarantines, operator actions)
// and activity lines (chain blocks, module events) kept in separate bounded lists, so a flood
// of blocks never pushes a crash out. Newest first; filter by stream, text, module and type
// (each "is" or "is not").
import type { LogEntry } from '../wire-types.js';
import { byId, h, replaceChildren } from './dom.js';
import { clock } from './format.js';

export const MAX_LIFECYCLE_ENTRIES = 500;
export const MAX_ACTIVITY_ENTRIES = 500;
const ALL = '';
type Stream = LogEntry['stream'];

export class EventLog {
  private readonly list = byId('event-log');
  private readonly streamFilter = byId<HTMLSelectElement>('log-stream');
  private readonly search = byId<HTMLInputElement>('log-search');
  private readonly moduleFilter = byId<HTMLSelectElement>('log-module');
  private readonly moduleMode = byId<HTMLSelectElement>('log-module-mode');
  private readonly typeFilter = byId<HTMLSelectElement>('log-type');
  private readonly typeMode = byId<HTMLSelectElement>('log-type-mode');
  private readonly count = byId('log-count');
  private readonly kept: Record<Stream, LogEntry[]> = { lifecycle: [], activity: [] };
  private readonly caps: Record<Stream, number> = { lifecycle: MAX_LIFECYCLE_ENTRIES, activity: MAX_ACTIVITY_ENTRIES };
  private readonly rows = new WeakMap<LogEntry, HTMLElement>();
  private readonly modules = new Set<string>();
  private readonly types = new Set<string>();

  constructor() {
    for (const control of [this.streamFilter, this.moduleFilter, this.moduleMode, this.typeFilter, this.typeMode]) {
      control.addEventListener('change', () => this.render());
    }
    this.search.addEventListener('input', () => this.render());
  }

  add(entry: LogEntry): void {
    const stream = entry.stream ?? 'lifecycle';
    const list = this.kept[stream];
    list.push(entry);
    for (const gone of list.splice(0, Math.max(0, list.length - this.caps[stream]))) this.rows.get(gone)?.remove();
    this.addOption(this.moduleFilter, this.modules, entry.module ?? 'node');
    this.addOption(this.typeFilter, this.types, entry.type);
    if (this.matches(entry)) this.list.prepend(this.row(entry));
    this.updateCount();
  }

  /** Offers every known module in the filter even before it logged anything. */
  knowModules(names: string[]): void {
    for (const name of names) this.addOption(this.moduleFilter, this.modules, name);
  }

  private matches(entry: LogEntry): boolean {
    const stream = this.streamFilter.value;
    if (stream !== ALL && (entry.stream ?? 'lifecycle') !== stream) return false;
    if (!selected(this.moduleFilter.value, this.moduleMode.value, entry.module ?? 'node')) return false;
    if (!selected(this.typeFilter.value, this.typeMode.value, entry.type)) return false;
    const text = this.search.value.trim().toLowerCase();
    if (text === '') return true;
    return [entry.summary, entry.detail ?? '', entry.type, entry.module ?? 'node'].some((s) => s.toLowerCase().includes(text));
  }

  private render(): void {
    const shown = [...this.kept.lifecycle, ...this.kept.activity].filter((e) => this.matches(e)).sort((a, b) => b.at - a.at);
    replaceChildren(this.list, ...shown.map((e) => this.row(e)));
    this.updateCount();
  }

  private updateCount(): void {
    const { lifecycle, activity } = this.kept;
    this.count.textContent = `${this.list.children.length} shown · kept: ${lifecycle.length} lifecycle (max ${MAX_LIFECYCLE_ENTRIES}), ${activity.length} activity (max ${MAX_ACTIVITY_ENTRIES})`;
  }

  private addOption(select: HTMLSelectElement, seen: Set<string>, value: string): void {
    if (seen.has(value)) return;
    seen.add(value);
    const option = h('option', { value }, value);
    const before = [...select.options].find((o) => o.value !== ALL && o.value > value);
    select.insertBefore(option, before ?? null);
  }

  private row(entry: LogEntry): HTMLElement {
    const existing = this.rows.get(entry);
    if (existing) return existing;
    const li = h(
      'li',
      { class: `log-${entry.kind} stream-${entry.stream ?? 'lifecycle'}`, 'data-type': entry.type, 'data-module': entry.module ?? '', 'data-stream': entry.stream ?? 'lifecycle' },
      h('time', {}, clock(entry.at)),
      h('span', { class: 'log-module' }, entry.module ?? 'node'),
      h('span', { class: 'log-type' }, entry.type),
      h('span', { class: 'log-summary' }, entry.summary, entry.detail ? h('span', { class: 'log-detail' }, entry.detail) : null),
    );
    this.rows.set(entry, li);
    return li;
  }
}

// A filter value of "" lets everything through; otherwise "is" keeps only it, "not" drops it.
function selected(value: string, mode: string, actual: string): boolean {
  if (value === ALL) return true;
  return mode === 'not' ? actual !== value : actual === value;
}
