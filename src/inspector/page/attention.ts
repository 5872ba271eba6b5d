// Modules that need the operator: quarantined, rejected, degraded or backing off. They change
// the header (count and colour), sort to the top of the overview, and get a panel under the
// header with their evidence and the release button, visible without scrolling.
import type { ModuleView } from '../wire-types.js';
import { byId, h, replaceChildren } from './dom.js';
import { dateTime, duration, exitText } from './format.js';

export type Trouble = 'quarantined' | 'rejected' | 'degraded' | 'backoff';

/** Most severe first; the header colour follows the most severe trouble present. */
const ORDER: Trouble[] = ['quarantined', 'rejected', 'degraded', 'backoff'];
const WORDS: Record<Trouble, string> = { quarantined: 'quarantined', rejected: 'rejected', degraded: 'degraded', backoff: 'backing off' };

export function troubleOf(view: ModuleView): Trouble | null {
  if (view.phase === 'quarantined' || view.phase === 'rejected' || view.phase === 'backoff') return view.phase;
  if (view.state.endsWith('.degraded')) return 'degraded';
  return null;
}

/** Sort key: troubled modules first, most severe first; others keep their order. */
export function severity(view: ModuleView): number {
  const trouble = troubleOf(view);
  return trouble === null ? ORDER.length : ORDER.indexOf(trouble);
}

export interface AttentionHandlers {
  select(name: string): void;
  release(name: string): void;
}

export class Attention {
  private readonly badge = byId('attention');
  private readonly panel = byId('attention-panel');
  private canAct = false;
  private views: ModuleView[] = [];
  /** What the cards show; unchanged content is not redrawn (buttons keep focus and hover). */
  private shown = '';

  constructor(private readonly handlers: AttentionHandlers) {}

  setCanAct(canAct: boolean): void {
    this.canAct = canAct;
    this.render(this.views);
  }

  render(views: ModuleView[]): void {
    this.views = views;
    const troubled = views.filter((v) => troubleOf(v) !== null).sort((a, b) => severity(a) - severity(b));
    this.renderBadge(troubled);
    const content = JSON.stringify([this.canAct, troubled.map((v) => [v.name, v.phase, v.state, v.restarts, v.backoff_until, v.last_exit?.at, v.quarantine?.at, v.problems])]);
    if (content === this.shown) return;
    this.shown = content;
    this.panel.hidden = troubled.length === 0;
    replaceChildren(this.panel, ...troubled.map((v) => this.card(v)));
  }

  private renderBadge(troubled: ModuleView[]): void {
    if (troubled.length === 0) {
      this.badge.textContent = 'all modules fine';
      this.badge.className = 'attention ok';
      return;
    }
    const counts = ORDER.map((t) => [t, troubled.filter((v) => troubleOf(v) === t).length] as const).filter(([, n]) => n > 0);
    this.badge.textContent = counts.map(([t, n]) => `${n} ${WORDS[t]}`).join(' · ');
    this.badge.className = `attention trouble-${troubleOf(troubled[0])}`;
  }

  private card(view: ModuleView): HTMLElement {
    const trouble = troubleOf(view)!;
    const open = h('button', { type: 'button', class: 'link' }, view.name);
    open.addEventListener('click', () => this.handlers.select(view.name));
    return h(
      'article',
      { class: `attention-card trouble-${trouble}`, 'data-module': view.name, 'data-trouble': trouble },
      h('h3', {}, open, h('span', { class: `phase phase-${view.phase}` }, WORDS[trouble])),
      ...this.evidence(view, trouble),
    );
  }

  private evidence(view: ModuleView, trouble: Trouble): (Node | null)[] {
    if (trouble === 'quarantined' && view.quarantine) {
      const q = view.quarantine;
      const last = q.exits.at(-1) ?? view.last_exit;
      const release = h('button', { type: 'button', class: 'action-release', 'data-attention-action': 'release', disabled: !this.canAct }, 'Release');
      release.title = this.canAct ? `release ${view.name} from quarantine` : 'read-only: enter the actions token to release';
      release.addEventListener('click', () => this.handlers.release(view.name));
      return [
        h('p', {}, h('strong', {}, q.reason), ` since ${dateTime(q.at)}`, last ? ` · last exit ${exitText(last)} after ${duration(last.uptimeMs)}` : ''),
        q.log_tail && q.log_tail.length > 0 ? h('pre', { class: 'log-tail short' }, q.log_tail.slice(-4).join('\n')) : null,
        h('p', { class: 'release-line' }, release, h('span', { class: 'muted' }, ' or run '), h('code', {}, `blvm module release ${view.name}`)),
      ];
    }
    if (trouble === 'rejected') return [h('p', {}, view.problems.join('; ') || 'verification failed')];
    if (trouble === 'backoff') {
      const until = view.backoff_until;
      const last = view.last_exit ? `last exit ${exitText(view.last_exit)}` : 'no exit recorded';
      return [h('p', {}, `${last}; ${view.restarts} restart${view.restarts === 1 ? '' : 's'}${until ? ` · next start at ${dateTime(until)}` : ''}`)];
    }
    return [h('p', {}, 'missed pings: the module is not answering the node in time')];
  }
}
