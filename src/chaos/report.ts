// The recovery report: per fault kind, what detection and recovery took, and whether the
// scenario's service-level objectives held.
import type { FaultKind, Slo } from './scenario.js';

/** What one injection produced. Times are ms from the injection; null = did not happen in time. */
export interface InjectionResult {
  kind: FaultKind;
  module: string | null;
  injectedAt: number;
  detectMs: number | null;
  recoverMs: number | null;
  restarts: number;
  quarantined: boolean;
}

export interface FaultRow {
  kind: FaultKind;
  module: string | null;
  injections: number;
  detect_p50: number | null;
  detect_p99: number | null;
  recover_p50: number | null;
  recover_p99: number | null;
  recover_max: number | null;
  not_recovered: number;
  restarts: number;
  quarantined: boolean;
}

export interface RecoveryReport {
  scenario: string;
  rows: FaultRow[];
  lost_events: number;
  orphans: number;
  breaches: string[];
  ok: boolean;
}

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summarise(results: InjectionResult[]): FaultRow[] {
  const groups = new Map<string, InjectionResult[]>();
  for (const r of results) {
    const key = `${r.kind}\u0000${r.module ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((group) => {
    const detect = group.flatMap((r) => (r.detectMs === null ? [] : [r.detectMs]));
    const recover = group.flatMap((r) => (r.recoverMs === null ? [] : [r.recoverMs]));
    return {
      kind: group[0].kind,
      module: group[0].module,
      injections: group.length,
      detect_p50: percentile(detect, 50),
      detect_p99: percentile(detect, 99),
      recover_p50: percentile(recover, 50),
      recover_p99: percentile(recover, 99),
      recover_max: recover.length ? Math.max(...recover) : null,
      not_recovered: group.length - recover.length,
      restarts: group.reduce((sum, r) => sum + r.restarts, 0),
      quarantined: group.some((r) => r.quarantined),
    };
  });
}

const ms = (v: number | null) => (v === null ? 'never' : `${v} ms`);

/** One progress line per injection, in words: "kill a #1: detected after 12 ms, recovered after 340 ms, 1 restart". */
export function injectionLine(r: InjectionResult, n: number): string {
  const detect = r.detectMs === null ? 'no reaction seen' : `detected after ${r.detectMs} ms`;
  const recover = r.quarantined ? 'QUARANTINED' : r.recoverMs === null ? 'did not recover' : `recovered after ${r.recoverMs} ms`;
  return `${r.kind}${r.module ? ` ${r.module}` : ''} #${n}: ${detect}, ${recover}, ${r.restarts} restart${r.restarts === 1 ? '' : 's'}`;
}

/** Every objective the run missed, each naming the fault, the measured value and the limit. */
export function sloBreaches(rows: FaultRow[], lostEvents: number, orphans: number, slo: Slo): string[] {
  const breaches: string[] = [];
  for (const row of rows) {
    const label = row.module ? `${row.kind} ${row.module}` : row.kind;
    if (row.not_recovered > 0 && !(row.quarantined && slo.allow_quarantine)) {
      breaches.push(`${label}: ${row.not_recovered} of ${row.injections} injection(s) did not recover`);
    }
    if (row.quarantined && !slo.allow_quarantine) breaches.push(`${label}: the module was quarantined`);
    if (slo.detect_p99 !== undefined && (row.detect_p99 ?? Infinity) > slo.detect_p99) {
      breaches.push(`${label}: detect_p99 ${ms(row.detect_p99)} > ${slo.detect_p99} ms`);
    }
    if (slo.recover_p99 !== undefined && row.recover_p99 !== null && row.recover_p99 > slo.recover_p99) {
      breaches.push(`${label}: recover_p99 ${ms(row.recover_p99)} > ${slo.recover_p99} ms`);
    }
    if (slo.recover_max !== undefined && row.recover_max !== null && row.recover_max > slo.recover_max) {
      breaches.push(`${label}: recover_max ${ms(row.recover_max)} > ${slo.recover_max} ms`);
    }
    if (slo.max_restarts !== undefined && row.restarts > slo.max_restarts) {
      breaches.push(`${label}: ${row.restarts} restarts > max_restarts ${slo.max_restarts}`);
    }
  }
  if (lostEvents > slo.lost_events) breaches.push(`durable subscribers missed ${lostEvents} event(s) (allowed ${slo.lost_events})`);
  if (orphans > slo.orphans) breaches.push(`${orphans} orphaned process(es) left behind (allowed ${slo.orphans})`);
  return breaches;
}

export function buildReport(scenario: string, results: InjectionResult[], lostEvents: number, orphans: number, slo: Slo): RecoveryReport {
  const rows = summarise(results);
  const breaches = sloBreaches(rows, lostEvents, orphans, slo);
  return { scenario, rows, lost_events: lostEvents, orphans, breaches, ok: breaches.length === 0 };
}

export function formatReport(report: RecoveryReport): string {
  const header = ['FAULT', 'MODULE', 'N', 'DETECT p50/p99', 'RECOVER p50/p99/max', 'NOT RECOVERED', 'RESTARTS', 'QUARANTINED'];
  const rows = report.rows.map((r) => [
    r.kind,
    r.module ?? '-',
    String(r.injections),
    `${ms(r.detect_p50)} / ${ms(r.detect_p99)}`,
    `${ms(r.recover_p50)} / ${ms(r.recover_p99)} / ${ms(r.recover_max)}`,
    String(r.not_recovered),
    String(r.restarts),
    r.quarantined ? 'yes' : 'no',
  ]);
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const lines = table.map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
  lines.push('', `events missed by durable subscribers: ${report.lost_events}`, `orphaned processes: ${report.orphans}`);
  lines.push(report.ok ? 'SLO: met' : `SLO: BREACHED\n${report.breaches.map((b) => `  - ${b}`).join('\n')}`);
  return `recovery report: ${report.scenario}\n${lines.join('\n')}\n`;
}
