// The selected module's side panel: its current state, the back-off countdown, the operator
// actions, and the quarantine evidence (last exits, log tail) while it is quarantined.
import type { ExitRecord } from '../../process/types.js';
import type { ModuleDetailView, ModuleView } from '../wire-types.js';
import { byId, h, replaceChildren } from './dom.js';
import { dateTime, duration, exitText } from './format.js';
import { phaseBadge } from './overview-table.js';
import { INSPECTOR_ACTIONS, type InspectorAction } from './protocol.js';

export interface PanelHandlers {
  act(action: InspectorAction): void;
}

export class ModulePanel {
  private readonly facts = byId('module-facts');
  private readonly countdown = byId('backoff-countdown');
  private readonly evidence = byId('quarantine-evidence');
  private readonly problems = byId('module-problems');
  private readonly title = byId('module-title');
  private readonly message = byId('action-message');
  private readonly buttons = new Map<InspectorAction, HTMLButtonElement>();
  private view: ModuleView | null = null;
  /** The state path a history replay shows; the header names it instead of the live state. */
  private replayed: string | null = null;
  private canAct = false;

  constructor(handlers: PanelHandlers) {
    const bar = byId('module-actions');
    for (const action of INSPECTOR_ACTIONS) {
      const button = h('button', { type: 'button', 'data-action': action, class: `action action-${action}`, disabled: true }, action);
      button.addEventListener('click', () => handlers.act(action));
      this.buttons.set(action, button);
      bar.appendChild(button);
    }
  }

  setCanAct(canAct: boolean): void {
    this.canAct = canAct;
    this.updateButtons();
  }

  showStatus(view: ModuleView, receivedAt: number): void {
    this.view = view;
    this.renderTitle();
    const uptime = view.uptime_ms === null ? null : view.uptime_ms + (Date.now() - receivedAt);
    replaceChildren(
      this.facts,
      fact('version', view.version ?? '—'),
      fact('pid', view.pid === null ? '—' : String(view.pid)),
      fact('uptime', duration(uptime)),
      fact('restarts', String(view.restarts)),
      fact('desired', view.desired),
      fact('last exit', view.last_exit ? exitText(view.last_exit) : '—'),
      fact('requires', view.requires.join(', ') || '—'),
    );
    replaceChildren(this.problems, ...view.problems.map((p) => h('li', {}, p)));
    this.problems.hidden = view.problems.length === 0;
    this.updateButtons();
    this.tick();
  }

  /** Shows `path` (a replayed state) in the header, or the live state again when null. */
  showReplayed(path: string | null): void {
    this.replayed = path;
    this.renderTitle();
  }

  // A module's phase is the top-level state of its path ("monitoring" of "monitoring.healthy").
  private renderTitle(): void {
    const view = this.view;
    if (!view) return;
    const state = this.replayed ?? view.state;
    const badge = phaseBadge(state.split('.')[0]);
    if (this.replayed !== null) badge.classList.add('replayed');
    const path = h('code', { class: 'state-path' }, this.replayed !== null ? `${state} (replay)` : state);
    replaceChildren(this.title, h('span', { class: 'module-name' }, view.name), badge, path);
  }

  tickUptime(view: ModuleView, receivedAt: number): void {
    const cell = this.facts.querySelector('[data-fact="uptime"]');
    if (cell && view.uptime_ms !== null) cell.textContent = duration(view.uptime_ms + (Date.now() - receivedAt));
  }

  /** Quarantine evidence comes with the module's details (exits and the captured log tail). */
  showDetails(details: ModuleDetailView): void {
    const q = details.quarantine;
    this.evidence.hidden = q === null;
    if (q === null) return replaceChildren(this.evidence);
    replaceChildren(
      this.evidence,
      h('h3', {}, 'Quarantine evidence'),
      h('p', {}, h('strong', {}, q.reason), ` since ${dateTime(q.at)}`),
      exitsTable(q.exits.length > 0 ? q.exits : details.last_exits),
      h('h4', {}, 'log tail'),
      h('pre', { class: 'log-tail' }, (q.log_tail ?? details.log_tail).join('\n') || '(no output captured)'),
    );
  }

  showMessage(text: string, kind: 'ok' | 'error'): void {
    this.message.textContent = text;
    this.message.className = `action-message ${kind}`;
  }

  /** Refreshes the back-off countdown; called several times a second. */
  tick(): void {
    const until = this.view?.phase === 'backoff' ? this.view.backoff_until : null;
    this.countdown.hidden = until === null;
    if (until !== null) this.countdown.textContent = `restarting in ${duration(Math.max(0, until - Date.now()))}`;
  }

  private updateButtons(): void {
    for (const [action, button] of this.buttons) {
      const fits = action !== 'release' || this.view?.phase === 'quarantined';
      button.disabled = !this.canAct || this.view === null || !fits;
      button.title = this.canAct ? '' : 'read-only: enter the actions token to act';
    }
  }
}

function fact(name: string, value: string): HTMLElement {
  return h('div', { class: 'fact' }, h('dt', {}, name), h('dd', { 'data-fact': name }, value));
}

function exitsTable(exits: ExitRecord[]): HTMLElement {
  return h(
    'table',
    { class: 'exits' },
    h('thead', {}, h('tr', {}, h('th', {}, 'when'), h('th', {}, 'exit'), h('th', {}, 'ran for'), h('th', {}, 'detail'))),
    h('tbody', {}, ...exits.slice(-10).reverse().map((e) => h('tr', {}, h('td', {}, dateTime(e.at)), h('td', {}, exitText(e)), h('td', { class: 'num' }, duration(e.uptimeMs)), h('td', {}, e.detail ?? '')))),
  );
}
