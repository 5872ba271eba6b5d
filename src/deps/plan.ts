// Plans a node start: discover, verify each module on its own, then resolve the graph.
import { basename } from 'node:path';
import type { NodeConfig } from '../config/types.js';
import { verifyModule, type VerificationReport } from '../trust/verify-module.js';
import type { RollbackState } from '../trust/rollback-state.js';
import { discoverModuleDirs } from './discover.js';
import { planGraph, type GraphNode } from './graph.js';

export type PlanVerdict = 'loadable' | 'unloadable' | 'disabled';

export interface PlannedModule {
  name: string;
  dir: string;
  version: string | null;
  verdict: PlanVerdict;
  reasons: string[];
  requires: string[];
  optional: string[];
  report: VerificationReport;
}

export interface ModulePlan {
  order: string[];
  modules: PlannedModule[];
}

export function isDisabled(name: string, config: Pick<NodeConfig, 'modules'>): string | null {
  const { enabled_modules: enabled, disabled_modules: disabled } = config.modules;
  if (disabled.includes(name)) return 'listed in [modules].disabled_modules';
  if (enabled.length > 0 && !enabled.includes(name)) return 'not listed in [modules].enabled_modules';
  return null;
}

export async function planModules(config: NodeConfig, opts: { rollback?: RollbackState } = {}): Promise<ModulePlan> {
  const dirs = await discoverModuleDirs(config.modules.modules_dir);
  const reports = await Promise.all(dirs.map((dir) => verifyModule(dir, config, { rollback: opts.rollback })));
  const byName = new Map<string, number>();
  const entries = dirs.map((dir, i) => {
    const report = reports[i];
    const name = report.name ?? basename(dir);
    byName.set(name, (byName.get(name) ?? 0) + 1);
    return { dir, report, name };
  });
  const nodes: GraphNode[] = [];
  const disabledReasons = new Map<string, string>();
  for (const { report, name, dir } of entries) {
    const manifest = report.manifest;
    const problems = [...report.problems];
    if ((byName.get(name) ?? 0) > 1) problems.push(`module name "${name}" is used by more than one directory (${dir})`);
    const disabled = isDisabled(name, config);
    if (disabled) disabledReasons.set(name, disabled);
    const requires = { ...(manifest?.dependencies ?? {}) };
    delete requires['blvm-node'];
    const optional = { ...(manifest?.optional_dependencies ?? {}) };
    delete optional['blvm-node'];
    nodes.push({ name, version: report.version ?? '0.0.0', requires, optional, problems });
  }
  // A disabled module is absent for the graph: its dependents cannot load either.
  const graph = planGraph(nodes.filter((n) => !disabledReasons.has(n.name)));
  const modules: PlannedModule[] = entries.map(({ dir, report, name }, i) => {
    const node = nodes[i];
    const disabled = disabledReasons.get(name);
    const verdict = graph.verdicts.get(name);
    return {
      name,
      dir,
      version: report.version ?? null,
      verdict: disabled ? 'disabled' : verdict?.loadable ? 'loadable' : 'unloadable',
      reasons: disabled ? [disabled] : (verdict?.reasons ?? []),
      requires: Object.keys(node.requires),
      optional: Object.keys(node.optional),
      report,
    };
  });
  return { order: graph.order, modules };
}
