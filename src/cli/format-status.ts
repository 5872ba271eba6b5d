// Human-readable tables for status, module list and module info.
import type { ExitRecord } from '../process/types.js';
import type { ModuleDetails, ModuleStatus, NodeStatus, StandbyView } from '../supervision/status-types.js';
import { containmentLines, cpuCell, formatMiB, LAYER_LEGEND, layersCell, rssCell, sandboxWarningLines } from './format-resources.js';

export function formatDuration(ms: number | null): string {
  if (ms === null) return '-';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

export function formatExit(exit: ExitRecord | null): string {
  if (!exit) return '-';
  const how = exit.signal ? exit.signal : `code ${exit.code}`;
  return `${exit.reason} (${how}${exit.byUs ? ', by node' : ''}) ${new Date(exit.at).toISOString()}`;
}

/** The first 12 hex digits of the verified tree the module runs from. */
function treeCell(m: ModuleStatus): string {
  return m.snapshot ? m.snapshot.tree_hash.replace(/^sha256:/, '').slice(0, 12) : '-';
}

export function formatModuleTable(modules: ModuleStatus[]): string {
  const rows = [['NAME', 'VERSION', 'TREE', 'PHASE', 'STATE', 'PID', 'RESTARTS', 'UPTIME', 'CPU', 'RSS', 'LAYERS', 'LAST EXIT']];
  for (const m of modules) {
    rows.push([
      m.name,
      m.version ?? '-',
      treeCell(m),
      m.phase,
      m.state,
      m.pid === null ? '-' : String(m.pid),
      String(m.restarts),
      formatDuration(m.uptime_ms),
      cpuCell(m),
      rssCell(m),
      layersCell(m),
      m.last_exit ? `${m.last_exit.reason}${m.last_exit.signal ? ' ' + m.last_exit.signal : ` ${m.last_exit.code}`}` : '-',
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}

function developmentKeyLines(names: string[] | undefined): string[] {
  if (!names?.length) return [];
  return [`WARNING: this node trusts the published development key(s) ${names.join(', ')}: anyone can sign modules it loads (docs/trust.md)`];
}

/** The loud line of a store whose writes fail (none when they commit). */
export function storeErrorLines(store: NodeStatus['store']): string[] {
  if (store.state !== 'failing') return [];
  const since = store.since === null ? '' : ` since ${new Date(store.since).toISOString()}`;
  return [
    `STORE ERROR: writes to ${store.file} are failing${since}: ${store.error ?? 'unknown error'}`,
    `  ${store.queued} writes queued (retried until they commit), ${store.dropped} dropped; free space in the data dir and writing resumes by itself`,
  ];
}

export function formatNodeStatus(status: NodeStatus): string {
  const n = status.node;
  const warnings = [...storeErrorLines(status.store), ...developmentKeyLines(n.development_keys), ...sandboxWarningLines(status.modules)];
  return (
    warnings.map((w) => `${w}\n`).join('') +
    `blvm ${n.version} (${n.network}) pid ${n.pid}, up ${formatDuration(n.uptime_ms)}, ${n.status}\n` +
    `data dir ${n.data_dir}\n` +
    (n.config_loaded_at ? `config ${n.config_file} loaded ${n.config_loaded_at}\n` : '') +
    '\n' +
    formatModuleTable(status.modules) +
    standbyLines(status.modules).map((l) => `${l}\n`).join('') +
    (status.modules.length ? `${LAYER_LEGEND}\n` : '') +
    rejectedLines(status.modules).map((l) => `${l}\n`).join('')
  );
}

/** "ready (pid 4242), cpu 0.0%, rss 41.3MiB": a module's warm spare in words. */
export function standbyCell(standby: StandbyView): string {
  const pid = standby.pid === null ? '' : ` (pid ${standby.pid})`;
  const when = standby.status === 'replacing' && standby.replace_at !== null ? ` at ${new Date(standby.replace_at).toISOString()}` : '';
  const r = standby.resources;
  return `${standby.status}${pid}${when}${r ? `, cpu ${r.cpu_percent.toFixed(1)}%, rss ${formatMiB(r.rss_bytes)}` : ''}`;
}

function standbyLines(modules: ModuleStatus[]): string[] {
  return modules.filter((m) => m.standby).map((m) => `standby of ${m.name}: ${standbyCell(m.standby!)}`);
}

// One line per rejected module: its first reason and, when known, what to set.
function rejectedLines(modules: ModuleStatus[]): string[] {
  const rejected = modules.filter((m) => m.phase === 'rejected');
  if (rejected.length === 0) return [];
  return [
    '',
    'rejected:',
    ...rejected.map((m) => `  ${m.name}: ${m.problems[0] ?? 'no reason recorded'}${m.advice ? `; to load it: ${m.advice}` : ''}`),
  ];
}

export function formatModuleInfo(m: ModuleDetails): string {
  const lines = [
    `${m.name} ${m.version ?? ''}`.trim(),
    `  directory:  ${m.dir}`,
    `  runs from:  ${m.snapshot ? `${m.snapshot.dir} (verified snapshot, tree ${m.snapshot.tree_hash})` : '- (no verified snapshot)'}`,
    `  phase:      ${m.phase} (${m.state})`,
    `  desired:    ${m.desired}${m.critical ? ', critical' : ''}`,
    `  pid:        ${m.pid ?? '-'}`,
    `  uptime:     ${formatDuration(m.uptime_ms)}`,
    `  restarts:   ${m.restarts}`,
    `  requires:   ${m.requires.join(', ') || '-'}${m.optional.length ? `  (optional: ${m.optional.join(', ')})` : ''}`,
  ];
  lines.push(...containmentLines(m));
  if (m.standby) lines.push(`  standby:    ${standbyCell(m.standby)}`);
  if (m.backoff_until) lines.push(`  next start: ${new Date(m.backoff_until).toISOString()}`);
  if (m.log_dropped?.lines) lines.push(`  log drops:  ${m.log_dropped.lines} message(s), ${m.log_dropped.bytes} bytes over the module log rate`);
  if (m.problems.length) lines.push('  problems:', ...m.problems.map((p) => `    - ${p}`));
  lines.push('  last exits:', ...(m.last_exits.length ? m.last_exits.slice(-5).map((e) => `    - ${formatExit(e)}`) : ['    -']));
  if (m.quarantine) {
    lines.push(`  QUARANTINED since ${new Date(m.quarantine.at).toISOString()}: ${m.quarantine.reason}`);
    lines.push('  evidence:', ...m.quarantine.exits.map((e) => `    - ${formatExit(e)}${e.detail ? `: ${e.detail}` : ''}`));
    if (m.quarantine.log_tail?.length) lines.push('  log tail:', ...m.quarantine.log_tail.map((l) => `    | ${l}`));
    lines.push(`  release with: blvm module release ${m.name}`);
  } else if (m.log_tail.length) {
    lines.push('  log tail:', ...m.log_tail.slice(-10).map((l) => `    | ${l}`));
  }
  return lines.join('\n') + '\n';
}
