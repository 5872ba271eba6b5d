// Writes the chart model as Graphviz DOT. Node and cluster ids are the state ids and edge ids
// come from the model, so the page can find every state and transition in the rendered SVG.
import { edgeId, edgeLabels, initialMarkerId, type ChartEdge, type ChartModel, type ChartState } from './chart-model.js';

const FONT = 'Helvetica';

export interface DotOptions {
  /** State paths drawn as one straight line (the lifecycle spine), in order. */
  spine?: string[];
}

export function writeDot(model: ChartModel, options: DotOptions = {}): string {
  const spine = spineEdges(model, options.spine ?? []);
  const byId = new Map(model.states.map((s) => [s.id, s]));
  const root = byId.get(model.rootId);
  if (!root) throw new Error(`chart model has no root state "${model.rootId}"`);
  const lines = [
    `digraph ${quote(model.rootId)} {`,
    `  graph [id="chart", rankdir=TB, compound=true, newrank=true, bgcolor="transparent", pad=0.2, nodesep=0.35, ranksep=0.45, fontname=${quote(FONT)}, fontsize=11];`,
    `  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#8a94a6", fontname=${quote(FONT)}, fontsize=12, margin="0.18,0.06", height=0.36];`,
    `  edge [color="#a3abb8", fontcolor="#5b6472", fontname=${quote(FONT)}, fontsize=9, arrowsize=0.6, penwidth=1.1];`,
    `  ${quote(initialMarkerId(model.rootId))} [id=${quote(initialMarkerId(model.rootId))}, class="initial", shape=point, width=0.12, fillcolor="#4b5565", color="#4b5565", label=""];`,
    `  ${quote(root.id)} [id=${quote(root.id)}, class="state root", label="any state", style="rounded,dashed,filled", fillcolor="#f6f7f9"];`,
    ...root.children.flatMap((id) => stateLines(byId.get(id)!, byId, '  ')),
  ];
  if (root.initial ?? firstChild(root)) {
    const first = byId.get((root.initial ?? firstChild(root))!)!;
    const id = edgeId(initialMarkerId(model.rootId), first.id);
    lines.push(`  ${quote(initialMarkerId(model.rootId))} -> ${endpoint(first, byId)} [id=${quote(id)}, class="initial-edge transition", color="#4b5565"];`);
  }
  for (const edge of model.edges) lines.push(`  ${edgeLine(edge, byId, spine.has(edge.id))}`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

function stateLines(state: ChartState, byId: Map<string, ChartState>, indent: string): string[] {
  if (state.children.length === 0) {
    return [`${indent}${quote(state.id)} [id=${quote(state.id)}, class="state", label=${quote(state.label)}];`];
  }
  return [
    `${indent}subgraph ${quote(`cluster_${state.id}`)} {`,
    `${indent}  id=${quote(state.id)}; class="state compound"; label=${quote(state.label)}; style="rounded,filled"; fillcolor="#f6f7f9"; color="#8a94a6"; fontsize=12; margin=10;`,
    ...state.children.flatMap((id) => stateLines(byId.get(id)!, byId, indent + '  ')),
    `${indent}}`,
  ];
}

function edgeLine(edge: ChartEdge, byId: Map<string, ChartState>, onSpine: boolean): string {
  const source = byId.get(edge.source)!;
  const target = byId.get(edge.target)!;
  const attrs = [`id=${quote(edge.id)}`, `class="transition"`, `label=${quote(edgeLabels(edge).join('\n'))}`];
  if (onSpine) attrs.push('weight=20', 'penwidth=1.6', 'color="#7c8697"');
  // Clip at a cluster's border only when the other end lies outside it (parent → own child is drawn from the leaf).
  if (isCluster(source) && !isInside(target, source, byId)) attrs.push(`ltail=${quote(`cluster_${source.id}`)}`);
  if (isCluster(target) && !isInside(source, target, byId)) attrs.push(`lhead=${quote(`cluster_${target.id}`)}`);
  return `${endpoint(source, byId)} -> ${endpoint(target, byId)} [${attrs.join(', ')}];`;
}

// A compound state is drawn as a cluster; edges attach to one of its leaves and are clipped at the border.
function endpoint(state: ChartState, byId: Map<string, ChartState>): string {
  let current = state;
  while (isCluster(current)) current = byId.get(current.initial ?? firstChild(current)!)!;
  return quote(current.id);
}

// Edges between consecutive spine states: heavy, so the lifecycle reads top to bottom.
function spineEdges(model: ChartModel, spine: string[]): Set<string> {
  const idOf = new Map(model.states.map((s) => [s.path, s.id]));
  const ids = new Set<string>();
  for (let i = 1; i < spine.length; i++) {
    const edge = model.edges.find((e) => e.source === idOf.get(spine[i - 1]) && e.target === idOf.get(spine[i]));
    if (edge) ids.add(edge.id);
  }
  return ids;
}

const isCluster = (state: ChartState): boolean => state.children.length > 0 && state.parent !== null;

function isInside(state: ChartState, ancestor: ChartState, byId: Map<string, ChartState>): boolean {
  for (let cur: ChartState | undefined = state; cur; cur = cur.parent === null ? undefined : byId.get(cur.parent)) {
    if (cur.id === ancestor.id) return true;
  }
  return false;
}

function firstChild(state: ChartState): string | null {
  return state.children[0] ?? null;
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
