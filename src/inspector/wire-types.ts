// JSON shapes the inspector serves (HTTP and SSE). The page imports these as types only.
import type { ExitRecord } from '../process/types.js';
import type { ModuleStatus, NodeStatus } from '../supervision/status-types.js';
import type { TakenStep } from './chart/transition-path.js';

/** One CPU/RSS sample of a module's process group. */
export interface ResourcePoint {
  at: number;
  cpu_percent: number;
  rss_bytes: number;
}

/** One containment layer and whether it is active for the module. */
export interface SandboxBadge {
  name: string;
  active: boolean;
  detail: string;
}

export interface SandboxView {
  mode: string;
  layers: SandboxBadge[];
  warning: string | null;
}

export interface VerificationSummary {
  ok: boolean;
  /** Names of the trusted maintainers whose signatures are valid. */
  signed_by: string[];
  required: number;
  unsigned_allowed: boolean;
  problems: string[];
}

/** A module as the overview shows it. `resources` / `sandbox` are null when nothing was reported. */
export interface ModuleView extends Omit<ModuleStatus, 'resources' | 'sandbox'> {
  resources: ResourcePoint[] | null;
  sandbox: SandboxView | null;
  verification: VerificationSummary | null;
}

export interface Overview {
  at: number;
  /** Identifies this daemon run: a new value means the daemon restarted. */
  run: string;
  node: NodeStatus['node'];
  modules: ModuleView[];
}

export interface ModuleDetailView extends ModuleView {
  dir: string;
  last_exits: ExitRecord[];
  log_tail: string[];
}

/** One transition of a module machine, placed on the chart. */
export interface TransitionView {
  /** Row id in the store; absent for a live transition not read from the store. */
  id?: number;
  module: string;
  from: string;
  to: string;
  event: string;
  /** The event in the chart's words ("after backoff", "verify done"). */
  label: string;
  at: number;
  /** State ids active after the transition, outermost first. */
  active: string[];
  /** Edge ids the transition took, in order; empty when the chart has no matching edge. */
  edges: string[];
  /** The first edge as taken from the left state when it is drawn on an enclosing state, else null. */
  taken: TakenStep | null;
  /** The first transition of a supervisor: the daemon (re)started here. */
  start: boolean;
}

export interface HistoryView {
  module: string;
  transitions: TransitionView[];
  /** True when older transitions exist than the ones returned. */
  truncated: boolean;
}

/** One line of the event log: a module transition or a node event. */
export interface LogEntry {
  kind: 'transition' | 'event';
  /** `lifecycle` lines are kept apart from high-volume `activity` (chain, module events). */
  stream: 'lifecycle' | 'activity';
  at: number;
  module: string | null;
  type: string;
  /** What happened, in words. */
  summary: string;
  /** The technical form (state change and trigger), when there is one. */
  detail?: string;
  transition?: TransitionView;
  payload?: unknown;
}

/** A live transition (as its event-log line) with the module's status right after it. */
export interface LiveTransition {
  entry: LogEntry & { transition: TransitionView };
  status: ModuleView;
}

export interface ChartDescription {
  rootId: string;
  states: { id: string; path: string; label: string; parent: string | null }[];
  edges: {
    id: string;
    source: string;
    target: string;
    events: string[];
    labels: string[];
    /** Each way of taking the edge: event, its label and the guard that must hold. */
    triggers: { event: string; label: string; guard: string | null }[];
  }[];
}

export type { InspectorAction } from './page/protocol.js';

export interface ActionResult {
  name: string;
  phase: string;
  message: string;
}
