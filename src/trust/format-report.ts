// Human-readable rendering of a VerificationReport: one ✓/✗ line per check, reasons below.
import { shortKey } from './signatures.js';
import type { VerificationReport } from './verify-module.js';

const mark = (ok: boolean): string => (ok ? '✓' : '✗');
const indent = (lines: readonly string[]): string[] => lines.map((line) => `    ${line}`);

function signatureLines(report: VerificationReport): string[] {
  const s = report.signatures;
  const names = s.valid.map((v) => v.name).join(', ');
  let summary = `${s.valid.length} of ${s.required} required valid${names ? ` (${names})` : ''}`;
  if (s.unsigned_allowed && s.valid.length < s.required) summary += '; unsigned loading allowed by node policy';
  const lines = [`${mark(s.ok)} signatures: ${summary}`];
  const rejected = s.rejected.map((r) => `${r.field} ${shortKey(r.public_key)}: ${r.reason}`);
  // The count is already on the summary line; list what else went wrong.
  const other = s.problems.filter((p) => !/^signatures(\.maintainers)?\[/.test(p) && !/^\d+ of \d+ required signatures valid$/.test(p));
  return [...lines, ...indent([...other, ...rejected])];
}

function integrityLines(report: VerificationReport): string[] {
  const i = report.integrity;
  const files = Object.keys(report.manifest?.binary?.files ?? {}).length;
  let summary = '[binary] missing';
  const covered = report.manifest?.binary?.files === undefined ? 'is the only file and matches [binary]' : `and ${files} other file(s) match [binary]`;
  if (i.checked) summary = i.ok ? `entry point ${report.manifest?.entry_point} ${covered}` : 'files differ from [binary]';
  else if (i.ok) summary = 'not checked: no [binary] and unsigned loading is allowed';
  return [`${mark(i.ok)} integrity: ${summary}`, ...indent(i.problems)];
}

function rollbackLines(report: VerificationReport): string[] {
  const r = report.rollback;
  const summary = r.highest === undefined ? 'no earlier version accepted' : `highest version accepted before: ${r.highest}${r.downgrade_allowed ? ' (downgrade allowed)' : ''}`;
  return [`${mark(r.ok)} rollback: ${r.checked ? summary : 'not checked'}`, ...indent(r.problems)];
}

export function formatVerificationReport(report: VerificationReport): string {
  const lines: string[] = [];
  if (report.manifest === undefined) {
    lines.push(`module at ${report.dir}`, `${mark(false)} manifest`, ...indent(report.problems));
  } else {
    const c = report.capabilities;
    const granted = c.granted.length === 0 ? 'none requested' : `granted ${c.granted.join(', ')}`;
    lines.push(
      `module ${report.name} ${report.version} (${report.dir})`,
      `${mark(true)} manifest: module.toml is valid`,
      `${mark(report.compatibility.ok)} compatibility${report.compatibility.ok ? ': runs on this node' : ''}`,
      ...indent(report.compatibility.problems),
      ...integrityLines(report),
      ...signatureLines(report),
      `${mark(c.problems.length === 0)} capabilities: ${granted}${c.withheld.length ? `; withheld by node config: ${c.withheld.join(', ')}` : ''}`,
      ...indent(c.problems),
      ...rollbackLines(report),
    );
  }
  const n = report.problems.length;
  lines.push(report.ok ? 'verified: the module may be loaded' : `verification failed: ${n} problem${n === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}
