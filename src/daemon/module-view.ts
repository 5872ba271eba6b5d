// Operator-facing status of one module, derived from its supervisor's snapshot (plain data).
import type { ModuleStatus } from '../supervision/status-types.js';
import type { ModuleContext } from '../../actors/module/types.js';

export interface ModuleSnapshotLike {
  value: unknown;
  context: ModuleContext;
}

/** "monitoring.healthy" from { monitoring: 'healthy' }. */
export function statePath(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [key, inner] = Object.entries(value as Record<string, unknown>)[0] ?? [];
    if (key === undefined) return '';
    const rest = statePath(inner);
    return rest ? `${key}.${rest}` : key;
  }
  return '';
}

export function topPhase(value: unknown): string {
  return statePath(value).split('.')[0];
}

export interface StaticModuleFacts {
  name: string;
  version: string | null;
  requires: string[];
  optional: string[];
  critical: boolean;
}

export function moduleStatus(snapshot: ModuleSnapshotLike, facts: StaticModuleFacts, now: number): ModuleStatus {
  const ctx = snapshot.context;
  const phase = topPhase(snapshot.value);
  const running = phase === 'execution' || phase === 'monitoring' || phase === 'stopping';
  return {
    name: facts.name,
    version: ctx.version ?? facts.version,
    phase,
    state: statePath(snapshot.value),
    pid: running ? ctx.pid : null,
    restarts: ctx.restarts,
    uptime_ms: running && ctx.startedAt !== null ? Math.max(0, now - ctx.startedAt) : null,
    last_exit: ctx.lastExits.at(-1) ?? null,
    desired: ctx.desired,
    critical: facts.critical,
    requires: facts.requires,
    optional: facts.optional,
    backoff_until: phase === 'backoff' ? ctx.backoffUntil : null,
    problems: ctx.problems,
    quarantine: ctx.quarantine,
    standby: ctx.spare === null ? null : { status: ctx.spare.status, pid: ctx.spare.pid, instance_id: ctx.spare.instanceId, replace_at: ctx.spare.replaceAt },
    snapshot: ctx.snapshot === null ? null : { id: ctx.snapshot.id, tree_hash: ctx.snapshot.treeHash, dir: ctx.snapshot.dir },
  };
}
