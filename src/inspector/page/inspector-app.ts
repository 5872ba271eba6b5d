// The page's state and wiring: the overview, the selected module's chart, panel and history,
// the event log, live updates and the actions token.
import type { LiveTransition, LogEntry, Overview } from '../wire-types.js';
import { api } from './api.js';
import { Attention, severity } from './attention.js';
import { ChartView } from './chart-view.js';
import { ChartZoom } from './chart-zoom.js';
import { StateInfo } from './state-info.js';
import { byId, replaceChildren, h } from './dom.js';
import { EventLog } from './event-log.js';
import { duration } from './format.js';
import { HistoryReplay } from './history-replay.js';
import type { LiveHandlers } from './live-connection.js';
import { ModulePanel } from './module-panel.js';
import { renderOverview, tickUptimes, type ModuleEntry } from './overview-table.js';
import type { InspectorAction } from './protocol.js';
import { fragmentModule, setFragmentModule } from './token.js';

export interface AppHooks {
  /** A different daemon run answered: its token must be checked again. */
  daemonRestarted(): void;
}

export class InspectorApp implements LiveHandlers {
  private readonly modules = new Map<string, ModuleEntry>();
  private selected: string | null = fragmentModule();
  private chart: ChartView | null = null;
  private idsByPath = new Map<string, string>();
  /** False while a (re)connection replays its backlog: no pulses for old news. */
  private synced = false;
  private token: string | null = null;
  private readonly eventLog = new EventLog();
  private readonly panel = new ModulePanel({ act: (action) => void this.act(action) });
  private readonly history = new HistoryReplay(
    () => this.chart,
    () => this.showLiveState(),
    (path) => this.panel.showReplayed(path),
  );
  private readonly overviewBody = byId('overview-body');
  private readonly attention = new Attention({ select: (name) => this.select(name), release: (name) => void this.act('release', name) });
  /** The daemon run the page last saw; another one means the daemon restarted. */
  private run: string | null = null;

  constructor(private readonly hooks: AppHooks) {}

  async loadChart(): Promise<void> {
    const [svgText, model] = await Promise.all([api.chartSvg(), api.chart()]);
    this.chart = new ChartView(byId('chart'), svgText, model.rootId);
    this.idsByPath = new Map(model.states.map((s) => [s.path, s.id]));
    const zoom = new ChartZoom(byId('chart'));
    const info = new StateInfo(model);
    this.chart.onStateClick((id) => {
      if (!zoom.dragging) info.show(id);
    });
    this.showLiveState();
  }

  /** `locked` says why actions were taken away (e.g. "locked: the daemon restarted"). */
  setToken(token: string | null, locked: string | null = null): void {
    this.token = token;
    this.panel.setCanAct(token !== null);
    this.attention.setCanAct(token !== null);
    const badge = byId('access-badge');
    badge.textContent = token ? 'actions enabled' : (locked ?? 'read-only');
    badge.className = token ? 'access on' : locked ? 'access locked' : 'access off';
    byId('token-form').hidden = token !== null;
    byId('token-forget').hidden = token === null;
  }

  overview(o: Overview): void {
    const now = Date.now();
    if (this.run !== null && o.run !== this.run) this.hooks.daemonRestarted();
    this.run = o.run;
    document.body.classList.remove('daemon-down');
    this.modules.clear();
    for (const view of o.modules) this.modules.set(view.name, { view, receivedAt: now });
    this.renderNode(o);
    this.eventLog.knowModules(o.modules.map((m) => m.name));
    if (this.selected === null || !this.modules.has(this.selected)) this.selected = sortedEntries(this.modules)[0]?.view.name ?? null;
    const firstSync = !this.synced;
    this.synced = true;
    this.renderOverview();
    if (firstSync && this.selected) this.select(this.selected);
    else this.refreshSelected();
  }

  transition({ entry, status }: LiveTransition): void {
    this.modules.set(status.name, { view: status, receivedAt: Date.now() });
    this.eventLog.add(entry);
    if (!this.synced) return;
    this.renderOverview();
    if (status.name !== this.selected) return;
    this.history.appendLive(entry.transition);
    this.refreshSelected();
    if (!this.history.isReplaying) {
      this.chart?.pulse(entry.transition.edges);
      this.chart?.markTaken(entry.transition.taken, entry.transition.label);
    }
    void this.loadDetails(status.name);
  }

  log(entry: LogEntry): void {
    this.eventLog.add(entry);
  }

  connection(state: 'live' | 'reconnecting'): void {
    const el = byId('connection');
    el.textContent = state === 'live' ? 'live' : 'reconnecting…';
    el.className = `connection ${state}`;
    if (state === 'live') return;
    this.synced = false;
    // While the daemon does not answer the header must not keep saying "running".
    document.body.classList.add('daemon-down');
    const status = document.querySelector('#node-facts .node-status');
    if (status) {
      status.textContent = 'daemon not answering';
      status.className = 'node-status down';
    }
    document.querySelector('#node-facts .node-uptime')?.remove();
  }

  /** Called a few times a second: the back-off countdown, and once a second the uptimes. */
  tick(everySecond: boolean): void {
    this.panel.tick();
    if (!everySecond) return;
    tickUptimes(this.overviewBody, [...this.modules.values()], Date.now());
    const entry = this.selected ? this.modules.get(this.selected) : undefined;
    if (entry) this.panel.tickUptime(entry.view, entry.receivedAt);
  }

  private select(name: string): void {
    this.selected = name;
    setFragmentModule(name);
    this.renderOverview();
    this.refreshSelected();
    void this.loadDetails(name);
    this.history.requested();
    void api.history(name).then(
      (h) => {
        if (this.selected === name) this.history.load(h);
      },
      (error: Error) => this.panel.showMessage(`history of ${name}: ${error.message}`, 'error'),
    );
  }

  private refreshSelected(): void {
    const entry = this.selected ? this.modules.get(this.selected) : undefined;
    if (!entry) return;
    this.panel.showStatus(entry.view, entry.receivedAt);
    if (!this.history.isReplaying) this.showLiveState();
  }

  private showLiveState(): void {
    const entry = this.selected ? this.modules.get(this.selected) : undefined;
    if (entry) this.chart?.highlight(this.activeIds(entry.view.state));
  }

  private activeIds(path: string): string[] {
    const parts = path.split('.');
    return parts.map((_, i) => this.idsByPath.get(parts.slice(0, i + 1).join('.'))).filter((id): id is string => id !== undefined);
  }

  private async loadDetails(name: string): Promise<void> {
    const details = await api.module(name).catch(() => null);
    if (details && this.selected === name) this.panel.showDetails(details);
  }

  private async act(action: InspectorAction, target: string | null = this.selected): Promise<void> {
    const name = target;
    if (!name || !this.token) return;
    this.panel.showMessage(`${action} ${name}: waiting for the module to settle…`, 'ok');
    try {
      const result = await api.act(name, action, this.token);
      this.panel.showMessage(result.message, 'ok');
    } catch (error) {
      this.panel.showMessage(`${action} ${name} failed: ${(error as Error).message}`, 'error');
    }
    void this.loadDetails(name);
  }

  private renderOverview(): void {
    const entries = sortedEntries(this.modules);
    renderOverview(this.overviewBody, entries, this.selected, Date.now(), (name) => this.select(name));
    this.attention.render(entries.map((e) => e.view));
  }

  private renderNode(o: Overview): void {
    const n = o.node;
    replaceChildren(
      byId('node-facts'),
      h('span', {}, `blvm ${n.version}`),
      h('span', {}, n.network),
      h('span', {}, `pid ${n.pid}`),
      h('span', { class: 'node-uptime' }, `up ${duration(n.uptime_ms)}`),
      h('span', { class: `node-status ${n.status}` }, n.status),
    );
  }
}

/** Modules needing attention first (most severe first), the others in the daemon's order. */
function sortedEntries(modules: Map<string, ModuleEntry>): ModuleEntry[] {
  return [...modules.values()].map((e, i) => ({ e, i })).sort((a, b) => severity(a.e.view) - severity(b.e.view) || a.i - b.i).map(({ e }) => e);
}
