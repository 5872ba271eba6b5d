// The overview: one row per module with phase, uptime, restarts, last exit, verification,
// CPU/RSS sparklines and sandbox badges. Clicking a row selects the module.
import type { ModuleView, ResourcePoint } from '../wire-types.js';
import { h, replaceChildren } from './dom.js';
import { ago, bytes, duration, exitText, percent } from './format.js';
import { sparkline } from './sparkline.js';

export interface ModuleEntry {
  view: ModuleView;
  /** Page clock when the view arrived: uptime keeps counting from here. */
  receivedAt: number;
}

export function phaseBadge(phase: string): HTMLElement {
  return h('span', { class: `phase phase-${phase}`, 'data-phase': phase }, phase);
}

export function renderOverview(body: HTMLElement, modules: ModuleEntry[], selected: string | null, now: number, onSelect: (name: string) => void): void {
  if (modules.length === 0) {
    replaceChildren(body, h('tr', {}, h('td', { colspan: 9, class: 'muted' }, 'no modules discovered')));
    return;
  }
  replaceChildren(body, ...modules.map((entry) => row(entry, entry.view.name === selected, now, onSelect)));
}

/** Advances the uptime cells in place (no re-render: focus and hover stay where they are). */
export function tickUptimes(body: HTMLElement, modules: ModuleEntry[], now: number): void {
  for (const { view, receivedAt } of modules) {
    const cell = body.querySelector(`tr[data-module="${CSS.escape(view.name)}"] .uptime`);
    if (cell && view.uptime_ms !== null) cell.textContent = duration(view.uptime_ms + (now - receivedAt));
  }
}

function row({ view, receivedAt }: ModuleEntry, selected: boolean, now: number, onSelect: (name: string) => void): HTMLElement {
  const uptime = view.uptime_ms === null ? null : view.uptime_ms + (now - receivedAt);
  const tr = h(
    'tr',
    { class: selected ? 'selected' : null, 'data-module': view.name, tabindex: 0 },
    h('td', { class: 'name', 'data-label': 'module' }, h('span', { class: 'module-name' }, view.name), h('span', { class: 'version' }, view.version ?? ''), view.critical ? h('span', { class: 'tag' }, 'critical') : null),
    h('td', { class: 'phase-cell', 'data-label': 'phase' }, phaseBadge(view.phase), h('span', { class: 'state-path' }, view.state)),
    h('td', { class: 'num uptime', 'data-label': 'uptime' }, duration(uptime)),
    h('td', { class: 'num restarts', 'data-label': 'restarts' }, String(view.restarts)),
    h('td', { class: 'last-exit', 'data-label': 'last exit' }, view.last_exit ? `${exitText(view.last_exit)}, ${ago(view.last_exit.at, Date.now())}` : '—'),
    h('td', { class: 'verification', 'data-label': 'verification' }, verification(view)),
    h('td', { class: 'resource cpu', 'data-label': 'CPU' }, resource(view.resources, (p) => p.cpu_percent, percent, 'CPU', true)),
    h('td', { class: 'resource rss', 'data-label': 'RSS' }, resource(view.resources, (p) => p.rss_bytes, bytes, 'RSS', false)),
    h('td', { class: 'sandbox', 'data-label': 'sandbox' }, sandbox(view)),
  );
  tr.addEventListener('click', () => onSelect(view.name));
  tr.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') onSelect(view.name);
  });
  return tr;
}

function verification(view: ModuleView): Node {
  const v = view.verification;
  if (!v) return h('span', { class: 'muted' }, 'not verified yet');
  if (!v.ok) return h('span', { class: 'bad', title: v.problems.join('\n') }, '✗ rejected');
  const who = v.signed_by.length > 0 ? `signed by ${v.signed_by.join(', ')} (${v.signed_by.length}/${v.required})` : v.unsigned_allowed ? 'unsigned (allowed)' : 'verified';
  return h('span', { class: 'good', title: who }, `✓ ${who}`);
}

function resource(points: ResourcePoint[] | null, pick: (p: ResourcePoint) => number, fmt: (n: number | null) => string, label: string, fromZero: boolean): Node {
  const values = (points ?? []).map(pick).filter((v) => Number.isFinite(v));
  if (values.length === 0) return h('span', { class: 'muted' }, 'not sampled');
  return h('span', { class: 'spark' }, sparkline(values, `${label} over the last ${values.length} samples`, fromZero), h('span', { class: 'num' }, fmt(values.at(-1)!)));
}

function sandbox(view: ModuleView): Node {
  const sb = view.sandbox;
  if (!sb) return h('span', { class: 'muted' }, 'not reported');
  return h(
    'span',
    { class: 'badges', title: sb.warning ?? `sandbox mode ${sb.mode}` },
    ...sb.layers.map((b) => h('span', { class: b.active ? 'badge on' : 'badge off', title: b.detail }, b.name)),
    sb.warning ? h('span', { class: 'badge warn', title: sb.warning }, '!') : null,
  );
}
