// Which drawn edges a recorded transition took. The recorder sees one snapshot per macrostep,
// so one record (from, to, event) may span an evented edge followed by eventless ones
// (child.exited → backoff → [noBackoffDelay] → verification); the path is found by search.
import { edgeId, initialMarkerId, type ChartEdge, type ChartModel } from './chart-model.js';

const MAX_STEPS = 4;

export interface StateLookup {
  model: ChartModel;
  byPath: Map<string, string>;
  parentOf: Map<string, string | null>;
  outgoing: Map<string, ChartEdge[]>;
}

export function stateLookup(model: ChartModel): StateLookup {
  const outgoing = new Map<string, ChartEdge[]>();
  for (const edge of model.edges) outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge]);
  return {
    model,
    byPath: new Map(model.states.map((s) => [s.path, s.id])),
    parentOf: new Map(model.states.map((s) => [s.id, s.parent])),
    outgoing,
  };
}

/** Ids of the states a state path makes active, outermost first, without the root. */
export function activeStateIds(lookup: StateLookup, path: string): string[] {
  if (path === '') return [];
  const parts = path.split('.');
  const ids: string[] = [];
  for (let i = 1; i <= parts.length; i++) {
    const id = lookup.byPath.get(parts.slice(0, i).join('.'));
    if (id === undefined) return ids;
    ids.push(id);
  }
  return ids;
}

/** The state and its ancestors (the root included): every source whose transitions apply in it. */
function selfAndAncestors(lookup: StateLookup, id: string): string[] {
  const chain: string[] = [];
  for (let cur: string | null | undefined = id; cur; cur = lookup.parentOf.get(cur)) chain.push(cur);
  return chain;
}

/** A transition step drawn once on an enclosing state, made concrete for the state it left. */
export interface TakenStep {
  /** The state the machine was in (a leaf, e.g. "module.monitoring.healthy"). */
  from: string;
  /** Where the inherited edge leads. */
  to: string;
  /** The drawn edge it stands for (e.g. "edge:module:module.backoff"). */
  edge: string;
}

/**
 * The first edge of a record, as taken from the state it left, when that edge is drawn on an
 * enclosing state ("any state"): the chart then has no line out of the left state to light up.
 */
export function inheritedStep(lookup: StateLookup, from: string, edges: string[]): TakenStep | null {
  const fromId = activeStateIds(lookup, from).at(-1);
  const first = lookup.model.edges.find((e) => e.id === edges[0]);
  if (fromId === undefined || first === undefined || first.source === fromId) return null;
  if (!selfAndAncestors(lookup, fromId).includes(first.source)) return null;
  return { from: fromId, to: first.target, edge: first.id };
}

/** Ids of the edges from `from` to `to` fired by `event`; [] when the chart has no such path. */
export function transitionEdges(lookup: StateLookup, from: string, to: string, event: string): string[] {
  const toIds = activeStateIds(lookup, to);
  const target = toIds.at(-1);
  if (target === undefined) return [];
  if (from === '') return pathFromInitial(lookup, toIds);
  const fromId = activeStateIds(lookup, from).at(-1);
  if (fromId === undefined) return [];
  // An event that only ran actions may still have let eventless transitions fire.
  return search(lookup, fromId, toIds, event) ?? search(lookup, fromId, toIds, '') ?? [];
}

// The first snapshot of a machine: the initial marker's edge, then eventless steps.
function pathFromInitial(lookup: StateLookup, toIds: string[]): string[] {
  const marker = initialMarkerId(lookup.model.rootId);
  const root = lookup.model.states.find((s) => s.id === lookup.model.rootId);
  const first = root?.initial ?? root?.children[0];
  if (!first) return [];
  const markerEdge = edgeId(marker, first);
  if (toIds.includes(first)) return [markerEdge];
  const rest = search(lookup, first, toIds, '');
  return rest ? [markerEdge, ...rest] : [markerEdge];
}

/**
 * Breadth-first over edges: the first step must carry `event`, later steps are eventless. Ends
 * when the reached state is `to`, or a compound ancestor whose initial states lead to it.
 */
function search(lookup: StateLookup, fromId: string, toIds: string[], event: string): string[] | null {
  let frontier: { state: string; path: string[] }[] = [{ state: fromId, path: [] }];
  for (let step = 0; step < MAX_STEPS && frontier.length > 0; step++) {
    const next: typeof frontier = [];
    for (const { state, path } of frontier) {
      for (const source of selfAndAncestors(lookup, state)) {
        for (const edge of lookup.outgoing.get(source) ?? []) {
          const wanted = step === 0 ? event : '';
          if (!edge.triggers.some((t) => t.event === wanted)) continue;
          if (path.includes(edge.id)) continue;
          const reached = { state: edge.target, path: [...path, edge.id] };
          if (reachesTarget(lookup, edge.target, toIds)) return reached.path;
          next.push(reached);
        }
      }
    }
    frontier = next;
  }
  return null;
}

// Reaching "monitoring" when the record says "monitoring.healthy" counts: the rest is initial states.
function reachesTarget(lookup: StateLookup, reached: string, toIds: string[]): boolean {
  if (reached === toIds.at(-1)) return true;
  const idx = toIds.indexOf(reached);
  if (idx === -1) return false;
  let cur = reached;
  for (const next of toIds.slice(idx + 1)) {
    const state = lookup.model.states.find((s) => s.id === cur);
    if ((state?.initial ?? null) !== next) return false;
    cur = next;
  }
  return true;
}
