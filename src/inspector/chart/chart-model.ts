// The statechart of a machine as plain data: every state node and every transition that
// changes state, read from the machine definition with `xstate/graph`. The DOT writer, the
// edge matcher and the page all work from this one model.
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { toDirectedGraph, type DirectedGraphNode } from 'xstate/graph';
import { edgeLabel, guardName } from './edge-label.js';

export type StateKind = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface ChartState {
  /** The state node id, e.g. "module.monitoring.healthy"; also the id of its SVG element. */
  id: string;
  /** The state path as operators see it ("monitoring.healthy"); "" for the root. */
  path: string;
  label: string;
  kind: StateKind;
  parent: string | null;
  /** Id of the initial child of a compound state. */
  initial: string | null;
  children: string[];
}

export interface ChartEdge {
  /** Id of the edge's SVG element. */
  id: string;
  source: string;
  target: string;
  /** What takes this edge: event types ("" = eventless, `always`) with their display labels. */
  triggers: EdgeTrigger[];
}

export interface EdgeTrigger {
  event: string;
  label: string;
  /** Name of the guard that must hold, null when the trigger alone decides. */
  guard: string | null;
}

export interface ChartModel {
  rootId: string;
  states: ChartState[];
  edges: ChartEdge[];
}

/** Id of the pseudo node that points at the machine's initial state. */
export const initialMarkerId = (rootId: string): string => `${rootId}#initial`;

/** Distinct labels of an edge, in definition order. */
export function edgeLabels(edge: ChartEdge): string[] {
  return [...new Set(edge.triggers.map((t) => t.label))];
}

export function edgeId(source: string, target: string): string {
  return `edge:${source}:${target}`;
}

export function buildChartModel(machine: AnyStateMachine): ChartModel {
  const graph = toDirectedGraph(machine);
  const states: ChartState[] = [];
  const edges = new Map<string, ChartEdge>();
  const addEdge = (source: AnyStateNode, transition: AnyTransitionDefinition, eventType: string) => {
    for (const target of transition.target ?? []) {
      const id = edgeId(source.id, target.id);
      const edge = edges.get(id) ?? { id, source: source.id, target: target.id, triggers: [] };
      const label = edgeLabel(source, transition, eventType);
      const guard = guardName(transition.guard);
      if (!edge.triggers.some((t) => t.event === eventType && t.label === label && t.guard === guard)) edge.triggers.push({ event: eventType, label, guard });
      edges.set(id, edge);
    }
  };
  const visit = (node: DirectedGraphNode) => {
    const stateNode = node.stateNode;
    states.push(chartState(stateNode, node.children.map((c) => c.id)));
    for (const e of node.edges) addEdge(stateNode, e.transition, e.transition.eventType);
    for (const t of stateNode.always ?? []) addEdge(stateNode, t, '');
    for (const child of node.children) visit(child);
  };
  visit(graph);
  return { rootId: graph.id, states, edges: [...edges.values()] };
}

function chartState(stateNode: AnyStateNode, children: string[]): ChartState {
  const initialTarget = stateNode.type === 'compound' ? stateNode.initial?.target?.[0] : undefined;
  return {
    id: stateNode.id,
    path: stateNode.path.join('.'),
    label: stateNode.key,
    kind: stateNode.type,
    parent: stateNode.parent?.id ?? null,
    initial: initialTarget?.id ?? null,
    children,
  };
}
