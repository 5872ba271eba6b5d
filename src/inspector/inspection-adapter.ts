// Turns what the daemon observes (recorder transitions, stored transition rows, node events,
// module statuses) into the plain messages the page draws.
import type { ExitRecord } from '../process/types.js';
import type { ModuleStatus } from '../supervision/status-types.js';
import { activeStateIds, inheritedStep, transitionEdges, type StateLookup } from './chart/transition-path.js';
import { readResources, readSandbox, readVerification } from './module-extras.js';
import type { LogEntry, ModuleView, TransitionView } from './wire-types.js';
import { describeEvent, streamOf } from './words/event-words.js';
import { exitWords, stateWords } from './words/phase-words.js';
import { plainEvent } from './words/plain-event.js';

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
  const edges = transitionEdges(lookup, t.from, t.to, t.event);
  return {
    ...(t.id === undefined ? {} : { id: t.id }),
    module: t.module,
    from: t.from,
    to: t.to,
    event: t.event,
    label: eventLabel(lookup, edges, t.event),
    at: t.at,
    active: activeStateIds(lookup, t.to),
    edges,
    taken: t.from === '' ? null : inheritedStep(lookup, t.from, edges),
    start: t.from === '',
  };
}

/** What fired a transition, in the chart's words ("after backoff", "verify done", "ipc.ready"). */
export function eventLabel(lookup: StateLookup, edges: string[], event: string): string {
  if (event === 'xstate.init') return 'supervisor started';
  for (const id of edges) {
    const trigger = lookup.model.edges.find((e) => e.id === id)?.triggers.find((t) => t.event === event);
    if (trigger) return plainEvent(trigger.label);
  }
  return plainEvent(event);
}

/**
 * A transition as an event-log line: a sentence ("looper crashed (code 3) after 1.5 s; is
 * waiting to restart (back-off)") and the state change as detail. `exit` is the exit this
 * transition reacted to, when it reacted to one.
 */
export function transitionEntry(view: TransitionView, exit: ExitRecord | null = null): LogEntry & { transition: TransitionView } {
  const from = view.start ? 'start' : view.from;
  const ended = exit ? `${exitWords(exit)}; ` : '';
  return {
    kind: 'transition',
    stream: 'lifecycle',
    at: view.at,
    module: view.module,
    type: 'transition',
    summary: `${view.module} ${ended}${stateWords(view.to)}`,
    detail: `${from} → ${view.to} (${view.label})`,
    transition: view,
  };
}

export function nodeEventEntry(type: string, payload: Record<string, unknown>, at: number): LogEntry {
  const json = safeJson(payload);
  const module = moduleOf(payload);
  return {
    kind: 'event',
    stream: streamOf(type),
    at,
    module,
    type,
    summary: describeEvent(type, payload, module) ?? summarize(payload),
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

/** A status with its resource samples, sandbox layers and verification summary. */
export function moduleView(status: ModuleStatus, verification: unknown): ModuleView {
  const { resources, sandbox, ...rest } = status;
  return { ...rest, resources: readResources(resources), sandbox: readSandbox(sandbox), verification: readVerification(verification) };
}
