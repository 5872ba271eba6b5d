// What the inspector's endpoints answer, read from the running node and its store.
import { moduleStatus as statusFromSnapshot } from '../daemon/module-view.js';
import type { Audit } from '../daemon/audit.js';
import type { TransitionListener } from '../daemon/transition-recorder.js';
import type { NodeRuntime } from '../daemon/node-runtime.js';
import type { GovernanceView } from '../governance/governance-view.js';
import type { Store } from '../store/index.js';
import type { ModuleStatus } from '../supervision/status-types.js';
import type { RenderedChart } from './chart/render-chart.js';
import type { StateLookup } from './chart/transition-path.js';
import { moduleView, transitionEntry, transitionView } from './inspection-adapter.js';
import type { InspectorAction } from './page/protocol.js';
import type { ActionResult, ChartDescription, HistoryView, LiveTransition, ModuleDetailView, ModuleView, Overview } from './wire-types.js';

export type InspectedRuntime = Pick<NodeRuntime, 'nodeStatus' | 'moduleStatus' | 'moduleDetails' | 'command'>;
export type TransitionChange = Parameters<TransitionListener>[0];

export const MAX_HISTORY = 5000;

export interface BackendOptions {
  /** This daemon run's id (the live feed's): the page notices a restarted daemon by it. */
  run: string;
  audit?: Audit;
  now?: () => number;
}

export class InspectorBackend {
  /** The governance panel's data; the service points it at the node's governance file. */
  governanceView: () => Promise<GovernanceView> = async () => ({ proposals: [], votes: [], rejected: [] });
  /** Last verification report per module; read again whenever a verification ends. */
  private readonly verifications = new Map<string, unknown>();
  private readonly now: () => number;

  constructor(
    private readonly runtime: InspectedRuntime,
    private readonly store: Pick<Store, 'listTransitions'>,
    private readonly chart: RenderedChart,
    private readonly lookup: StateLookup,
    private readonly options: BackendOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  get svg(): string {
    return this.chart.svg;
  }

  chartDescription(): ChartDescription {
    const { model } = this.chart;
    return {
      rootId: model.rootId,
      states: model.states.map(({ id, path, label, parent }) => ({ id, path, label, parent })),
      edges: model.edges.map(({ id, source, target, triggers }) => ({
        id,
        source,
        target,
        events: [...new Set(triggers.map((t) => t.event))],
        labels: [...new Set(triggers.map((t) => t.label))],
        triggers: triggers.map(({ event, label, guard }) => ({ event, label, guard })),
      })),
    };
  }

  async overview(): Promise<Overview> {
    const status = this.runtime.nodeStatus();
    const modules = await Promise.all(status.modules.map(async (m) => this.view(m, await this.verificationOf(m.name))));
    return { at: this.now(), run: this.options.run, node: status.node, modules };
  }

  async moduleDetail(name: string): Promise<ModuleDetailView> {
    const details = await this.runtime.moduleDetails(name);
    this.verifications.set(name, details.verification);
    return { ...this.view(details, details.verification), dir: details.dir, last_exits: details.last_exits, log_tail: details.log_tail };
  }

  /** The newest `limit` stored transitions of a module (older daemon runs included), oldest first. */
  async history(name: string, limit: number): Promise<HistoryView> {
    this.runtime.moduleStatus(name);
    const capped = Math.max(1, Math.min(MAX_HISTORY, Math.floor(limit)));
    const rows = await this.store.listTransitions(name, { limit: capped + 1 });
    const truncated = rows.length > capped;
    const kept = truncated ? rows.slice(rows.length - capped) : rows;
    return { module: name, truncated, transitions: kept.map((row) => transitionView(this.lookup, row)) };
  }

  /** An operator action from the page; `from` is the client's address, for the audit line. */
  act(name: string, action: InspectorAction, from: string): Promise<ActionResult> {
    this.runtime.moduleStatus(name);
    this.options.audit?.({ action, module: name, via: 'inspector', from });
    return this.runtime.command(name, action);
  }

  /**
   * A recorder transition with the module's status as that transition left it: the supervisor's
   * fields from the transition itself, what other services add (resources, sandbox) from now.
   */
  liveTransition(change: TransitionChange): LiveTransition {
    const current = this.runtime.moduleStatus(change.module);
    const status = { ...current, ...statusFromSnapshot({ value: change.to, context: change.context }, current, this.now()) };
    if (change.from === 'verification') void this.readVerification(change.module);
    const view = transitionView(this.lookup, change);
    const exit = change.event === 'child.exited' ? (change.context.lastExits.at(-1) ?? null) : null;
    return { entry: transitionEntry(view, exit), status: this.view(status, this.verifications.get(change.module)) };
  }

  private view(status: ModuleStatus, verification: unknown): ModuleView {
    return moduleView(status, verification);
  }

  private async verificationOf(name: string): Promise<unknown> {
    if (!this.verifications.has(name)) await this.readVerification(name);
    return this.verifications.get(name) ?? null;
  }

  private async readVerification(name: string): Promise<void> {
    const details = await this.runtime.moduleDetails(name).catch(() => null);
    if (details) this.verifications.set(name, details.verification);
  }
}
