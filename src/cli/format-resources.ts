// Text of the containment part of status and module info: live CPU/RSS, limits, sandbox layers.
import { formatSize } from '../config/sizes.js';
import type { ModuleSandbox } from '../sandbox/types.js';
import type { ModuleLimits, ModuleResources, ModuleStatus } from '../supervision/status-types.js';

const SHORT: Record<string, string> = { process_group: 'pg', rlimits: 'rl', watchdog: 'wd', bwrap_fs: 'fs', bwrap_net: 'net', cgroup: 'cg', user: 'usr' };
export const LAYER_LEGEND = 'layers: pg process group, rl rlimits, wd watchdog, fs bwrap filesystem, net bwrap no-network, cg cgroup, usr unprivileged uid';

export function formatMiB(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)}MiB`;
}

export function cpuCell(m: ModuleStatus): string {
  return m.resources ? `${m.resources.cpu_percent.toFixed(1)}%` : '-';
}

export function rssCell(m: ModuleStatus): string {
  return m.resources ? formatMiB(m.resources.rss_bytes) : '-';
}

/** Active layers in short form, e.g. "pg+rl+fs+net". */
export function layersCell(m: ModuleStatus): string {
  const active = (m.sandbox?.layers ?? []).filter((l) => l.active).map((l) => SHORT[l.name] ?? l.name);
  return active.length ? active.join('+') : '-';
}

/** The loud sandbox warning of a status, once (every module carries the same one), and which modules run as root. */
export function sandboxWarningLines(modules: ModuleStatus[]): string[] {
  const warnings = [...new Set(modules.map((m) => m.sandbox?.warning).filter((w): w is string => Boolean(w)))];
  const root = modules.filter((m) => m.sandbox?.runs_as_root).map((m) => m.name);
  const rootLine = root.length ? [`NOTICE: running as root on the host: ${root.join(', ')}`] : [];
  return [...warnings.map((w) => `WARNING: ${w}`), ...rootLine];
}

function resourcesLine(r: ModuleResources | null | undefined, now: number): string {
  if (!r) return '  resources:  - (not running)';
  const age = Math.max(0, Math.round((now - r.sampled_at) / 1000));
  return `  resources:  cpu ${r.cpu_percent.toFixed(1)}%, rss ${formatMiB(r.rss_bytes)}, ${r.processes} process(es), sampled ${age}s ago`;
}

function limitsLine(l: ModuleLimits | undefined): string {
  if (!l) return '  limits:     -';
  const or = (v: number | null, f: (n: number) => string = String) => (v === null ? 'none' : f(v));
  const cpu = l.max_cpu_percent === null ? 'none' : `${l.max_cpu_percent}% over ${l.cpu_window / 1000}s (${l.kill_on_cpu_limit ? 'stop' : 'degraded'})`;
  return (
    `  limits:     max_memory ${or(l.max_memory, formatSize)}${l.max_memory === null ? '' : ` (${l.memory_samples} samples)`}, ` +
    `max_cpu_percent ${cpu}, max_open_files ${or(l.max_open_files)}, max_processes ${or(l.max_processes)}`
  );
}

function sandboxLines(s: ModuleSandbox | undefined): string[] {
  if (!s) return [];
  const width = Math.max(...s.layers.map((l) => l.name.length));
  return [
    `  sandbox:    mode ${s.mode}`,
    ...s.layers.map((l) => `    [${l.active ? 'x' : ' '}] ${l.name.padEnd(width)}  ${l.detail}`),
    ...(s.runs_as_root ? ['  NOTICE: runs as root on the host'] : []),
    ...(s.warning ? [`  WARNING: ${s.warning}`] : []),
  ];
}

export function containmentLines(m: ModuleStatus, now: number = Date.now()): string[] {
  return [resourcesLine(m.resources, now), limitsLine(m.limits), ...sandboxLines(m.sandbox)];
}
