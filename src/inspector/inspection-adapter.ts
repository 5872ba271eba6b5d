// Turns what the daemon observes (recorder transitions, stored transition rows, node events,
// module statuses) into the plain messages the page draws.
import type { ModuleStatus } from '../supervision/status-types.js';
import { activeStateIds, transitionEdges, type StateLookup } from './chart/transition-path.js';
import { readResources, readSandbox, readVerification } from './module-extras.js';
import type { LogEntry, ModuleView, ResourcePoint, TransitionView } from './wire-types.js';

export interface TransitionInput {
  id?: number;
  module: string;
  from: string;
  to: string;
  event: string;
  at: number;
}

/** Largest event payload (as JSON) kept whole in the event log; bigger ones keep a preview. */
export const MAX_PAYLOAD_CHARS = 2048;
const SUMMARY_CHARS = 160;

export function transitionView(lookup: StateLookup, t: TransitionInput): TransitionView {
  return {
    ...(t.id === undefined ? {} : { id: t.id }),
    module: t.module,
    from: t.from,
    to: t.to,
    event: t.event,
    at: t.at,
    active: activeStateIds(lookup, t.to),
    edges: transitionEdges(lookup, t.from, t.to, t.event),
    start: t.from === '',
  };
}

/** What fired a transition, in the chart's words ("after backoff", "verify done", "ipc.ready"). */
export function eventLabel(lookup: StateLookup, view: TransitionView): string {
  for (const id of view.edges) {
    const trigger = lookup.model.edges.find((e) => e.id === id)?.triggers.find((t) => t.event === view.event);
    if (trigger) return trigger.label;
  }
  return view.event;
}

export function transitionEntry(lookup: StateLookup, view: TransitionView): LogEntry & { transition: TransitionView } {
  const from = view.start ? 'start' : view.from;
  return {
    kind: 'transition',
    at: view.at,
    module: view.module,
    type: 'transition',
    summary: `${from} → ${view.to} (${eventLabel(lookup, view)})`,
    transition: view,
  };
}

export function nodeEventEntry(type: string, payload: Record<string, unknown>, at: number): LogEntry {
  const json = safeJson(payload);
  return {
    kind: 'event',
    at,
    module: moduleOf(payload),
    type,
    summary: summarize(payload),
    payload: json.length <= MAX_PAYLOAD_CHARS ? payload : { truncated: true, preview: json.slice(0, MAX_PAYLOAD_CHARS) },
  };
}

// Node events name their module differently (`module_name` in ModuleLoaded, `module` elsewhere).
function moduleOf(payload: Record<string, unknown>): string | null {
  for (const key of ['module_name', 'module', 'name']) {
    if (typeof payload[key] === 'string' && payload[key] !== '') return payload[key] as string;
  }
  return null;
}

function summarize(payload: Record<string, unknown>): string {
  const parts = Object.entries(payload)
    .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    .map(([k, v]) => `${k}=${String(v)}`);
  const text = parts.join(' ');
  return text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS - 1)}…` : text;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '"(unserialisable payload)"';
  }
}

/** The resource samples a status carries (none when it has no `resources` field). */
export function statusSamples(status: ModuleStatus, now: number): ResourcePoint[] {
  const resources = (status as ModuleStatus & { resources?: unknown }).resources;
  return resources === undefined || resources === null ? [] : readResources(resources, now);
}

/** A status with the kept samples, its sandbox badges and the verification summary. */
export function moduleView(status: ModuleStatus, samples: ResourcePoint[] | null, verification: unknown): ModuleView {
  const { resources: _resources, sandbox, ...rest } = status as ModuleStatus & { resources?: unknown; sandbox?: unknown };
  return { ...rest, resources: samples, sandbox: readSandbox(sandbox), verification: readVerification(verification) };
}
