// Pure dependency-graph logic: which modules can load, and in what order.
import semver from 'semver';

export interface GraphNode {
  name: string;
  version: string;
  requires: Record<string, string>;
  optional: Record<string, string>;
  /** Reasons this module cannot load on its own account (verification, policy). */
  problems: string[];
}

export interface GraphVerdict {
  name: string;
  loadable: boolean;
  reasons: string[];
}

export interface GraphPlan {
  /** Loadable modules, dependencies before dependents; ties broken by name. */
  order: string[];
  verdicts: Map<string, GraphVerdict>;
}

/** Every elementary cycle reachable through required edges, each as a closed path a -> b -> a. */
export function findCycles(nodes: Map<string, GraphNode>): string[][] {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    const at = path.indexOf(name);
    if (at >= 0) {
      const cycle = path.slice(at).concat(name);
      const key = [...cycle.slice(0, -1)].sort().join(',');
      if (!seen.has(key)) {
        seen.add(key);
        cycles.push(cycle);
      }
      return;
    }
    const node = nodes.get(name);
    if (!node) return;
    for (const dep of Object.keys(node.requires).sort()) visit(dep, [...path, name]);
  };
  for (const name of [...nodes.keys()].sort()) visit(name, []);
  return cycles;
}

function ownReasons(node: GraphNode, nodes: Map<string, GraphNode>): string[] {
  const reasons = [...node.problems];
  for (const [dep, range] of Object.entries(node.requires)) {
    const target = nodes.get(dep);
    if (!target) reasons.push(`required dependency "${dep}" (${range}) is not installed`);
    else if (!semver.satisfies(target.version, range, { includePrerelease: true }))
      reasons.push(`required dependency "${dep}" is version ${target.version}, which does not satisfy "${range}"`);
  }
  return reasons;
}

export function planGraph(input: GraphNode[]): GraphPlan {
  const nodes = new Map(input.map((n) => [n.name, n]));
  const verdicts = new Map<string, GraphVerdict>();
  for (const node of input) verdicts.set(node.name, { name: node.name, loadable: true, reasons: ownReasons(node, nodes) });
  for (const cycle of findCycles(nodes)) {
    for (const name of new Set(cycle)) verdicts.get(name)?.reasons.push(`dependency cycle: ${cycle.join(' -> ')}`);
  }
  for (const v of verdicts.values()) v.loadable = v.reasons.length === 0;
  // An unloadable module makes every module that requires it unloadable, transitively.
  let changed = true;
  while (changed) {
    changed = false;
    for (const node of input) {
      const v = verdicts.get(node.name)!;
      if (!v.loadable) continue;
      const broken = Object.keys(node.requires).find((d) => verdicts.get(d)?.loadable === false);
      if (broken) {
        v.loadable = false;
        v.reasons.push(`required dependency "${broken}" cannot be loaded`);
        changed = true;
      }
    }
  }
  return { order: topologicalOrder(input.filter((n) => verdicts.get(n.name)!.loadable)), verdicts };
}

/** Kahn's algorithm over required and optional edges, ties broken by name, so the order is deterministic. */
export function topologicalOrder(loadable: GraphNode[]): string[] {
  const names = new Set(loadable.map((n) => n.name));
  const withOptional = order(loadable, names, true);
  return withOptional ?? order(loadable, names, false)!;
}

function order(loadable: GraphNode[], names: Set<string>, useOptional: boolean): string[] | null {
  const indegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const node of loadable) {
    const deps = [...Object.keys(node.requires), ...(useOptional ? Object.keys(node.optional) : [])].filter((d) =>
      names.has(d),
    );
    indegree.set(node.name, new Set(deps).size);
    for (const d of new Set(deps)) dependents.set(d, [...(dependents.get(d) ?? []), node.name]);
  }
  const ready = [...indegree].filter(([, n]) => n === 0).map(([name]) => name).sort();
  const result: string[] = [];
  while (ready.length > 0) {
    const name = ready.shift()!;
    result.push(name);
    for (const dependent of dependents.get(name) ?? []) {
      const left = indegree.get(dependent)! - 1;
      indegree.set(dependent, left);
      if (left === 0) {
        ready.push(dependent);
        ready.sort();
      }
    }
  }
  return result.length === loadable.length ? result : null;
}
