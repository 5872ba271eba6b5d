// The history scrubber: replays a module's stored transitions (earlier daemon runs included)
// through the chart, with the transition list kept in step. Live mode follows the module.
import type { HistoryView, TransitionView } from '../wire-types.js';
import type { ChartView } from './chart-view.js';
import { byId, h, replaceChildren } from './dom.js';
import { dateTime } from './format.js';
import { mergeLive } from './history-merge.js';

const PLAY_STEP_MS = 700;
const MAX_ROWS = 5000;

export class HistoryReplay {
  private readonly scrubber = byId<HTMLInputElement>('history-scrubber');
  private readonly label = byId('history-label');
  private readonly list = byId('history-list');
  private readonly playButton = byId<HTMLButtonElement>('history-play');
  private readonly liveButton = byId<HTMLButtonElement>('history-live');
  private readonly replayState = byId('replay-state');
  private transitions: TransitionView[] = [];
  private index = -1;
  private player: number | null = null;
  private replaying = false;
  /** Live transitions since the pending history fetch was sent, null when none is pending. */
  private liveSinceRequest: TransitionView[] | null = null;

  constructor(
    private readonly chart: () => ChartView | null,
    private readonly onLive: () => void,
    /** Told the state path shown in replay, null when back to live. */
    private readonly onReplayed: (path: string | null) => void,
  ) {
    this.scrubber.addEventListener('input', () => this.seek(Number(this.scrubber.value)));
    this.playButton.addEventListener('click', () => (this.player === null ? this.play() : this.pause()));
    this.liveButton.addEventListener('click', () => this.goLive());
    byId('history-prev').addEventListener('click', () => this.seek(this.index - 1));
    byId('history-next').addEventListener('click', () => this.seek(this.index + 1));
    byId('history-first').addEventListener('click', () => this.seek(0));
  }

  get isReplaying(): boolean {
    return this.replaying;
  }

  /** A history fetch was sent: live transitions from now on are merged into its answer. */
  requested(): void {
    this.liveSinceRequest = [];
  }

  load(history: HistoryView): void {
    this.pause();
    this.transitions = mergeLive(history.transitions, this.liveSinceRequest ?? []);
    this.liveSinceRequest = null;
    replaceChildren(this.list, ...this.transitions.map((t, i) => this.row(t, i)));
    if (history.truncated) this.list.prepend(h('li', { class: 'muted' }, 'older transitions are not shown'));
    this.replaying = false;
    this.onReplayed(null);
    this.syncControls(this.transitions.length - 1);
  }

  /** A live transition of the shown module: added at the end; followed unless replaying. */
  appendLive(t: TransitionView): void {
    this.liveSinceRequest?.push(t);
    this.transitions.push(t);
    this.list.appendChild(this.row(t, this.transitions.length - 1));
    if (this.transitions.length > MAX_ROWS) {
      this.transitions.shift();
      this.list.querySelector('li[data-index]')?.remove();
      this.list.querySelectorAll<HTMLElement>('li[data-index]').forEach((li, i) => li.setAttribute('data-index', String(i)));
    }
    if (this.replaying) this.syncControls(this.index);
    else this.syncControls(this.transitions.length - 1);
  }

  /** Shows transition `index` on the chart (replay mode). */
  seek(index: number): void {
    if (this.transitions.length === 0) return;
    const i = Math.max(0, Math.min(this.transitions.length - 1, index));
    this.replaying = true;
    const t = this.transitions[i];
    this.chart()?.highlight(t.active);
    this.chart()?.pulse(t.edges);
    this.chart()?.markSource(t.start ? null : t.from);
    this.chart()?.markTaken(t.taken, t.label);
    this.onReplayed(t.to);
    this.syncControls(i);
    if (i === this.transitions.length - 1 && this.player !== null) this.pause();
  }

  play(): void {
    if (this.transitions.length === 0) return;
    if (!this.replaying || this.index >= this.transitions.length - 1) this.seek(0);
    this.player = window.setInterval(() => this.seek(this.index + 1), PLAY_STEP_MS);
    this.playButton.textContent = 'Pause';
  }

  pause(): void {
    if (this.player !== null) window.clearInterval(this.player);
    this.player = null;
    this.playButton.textContent = 'Play';
  }

  goLive(): void {
    this.pause();
    this.replaying = false;
    this.onReplayed(null);
    this.chart()?.markSource(null);
    this.chart()?.markTaken(null, '');
    this.syncControls(this.transitions.length - 1);
    this.onLive();
  }

  private syncControls(index: number): void {
    this.index = index;
    const n = this.transitions.length;
    this.scrubber.max = String(Math.max(0, n - 1));
    this.scrubber.value = String(Math.max(0, index));
    this.scrubber.disabled = n === 0;
    this.liveButton.disabled = !this.replaying;
    this.list.querySelector('li.current')?.classList.remove('current');
    const t = this.transitions[index];
    document.body.classList.toggle('replaying', this.replaying);
    this.replayState.hidden = !this.replaying || !t;
    if (this.replaying && t) this.replayState.textContent = `replaying ${index + 1}/${n}: ${t.start ? 'start' : t.from} → ${t.to} (${t.label}) at ${dateTime(t.at)}`;
    if (!t) {
      this.label.textContent = 'no transitions stored yet';
      return;
    }
    const mode = this.replaying ? 'replay' : 'live';
    this.label.textContent = `${mode} · ${index + 1} / ${n} · ${dateTime(t.at)} · ${t.start ? 'start' : t.from} → ${t.to}`;
    const row = this.list.querySelector<HTMLElement>(`li[data-index="${index}"]`);
    if (!row) return;
    row.classList.add('current');
    scrollWithin(this.list, row);
  }

  private row(t: TransitionView, index: number): HTMLElement {
    const li = h(
      'li',
      { 'data-index': index, class: t.start ? 'daemon-start' : null },
      h('time', {}, dateTime(t.at)),
      t.start ? h('span', { class: 'from' }, h('span', { class: 'tag' }, 'supervisor started')) : h('span', { class: 'from' }, t.from),
      h('span', { class: 'arrow' }, '→'),
      h('span', { class: 'to' }, t.to),
      h('span', { class: 'event', title: t.label }, t.label),
    );
    li.addEventListener('click', () => this.seek(Number(li.getAttribute('data-index'))));
    return li;
  }
}

// Keeps the row visible inside the list without scrolling the page itself.
function scrollWithin(container: HTMLElement, row: HTMLElement): void {
  const top = row.offsetTop;
  const bottom = top + row.offsetHeight;
  if (top < container.scrollTop) container.scrollTop = top;
  else if (bottom > container.scrollTop + container.clientHeight) container.scrollTop = bottom - container.clientHeight;
}
