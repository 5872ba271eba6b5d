// rlimits a module can inherit from the daemon instead of getting them from a prlimit wrapper:
// the daemon reads its own limits from /proc/self/limits, and takes on once, at its first
// module start, the limits every module gets and the daemon can live with (RLIMIT_CORE 0).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { SpawnSpec } from './types.js';

export type RlimitName = keyof SpawnSpec['rlimits'];

const LIMIT_ROWS: Record<RlimitName, string> = { nofile: 'Max open files', nproc: 'Max processes', core: 'Max core file size' };

/** Limits the daemon sets on itself: only RLIMIT_CORE, since its own open files and processes must not be a module's. */
const SELF_APPLIED: Partial<Record<RlimitName, number>> = { core: 0 };

/** Soft and hard value of each limit from /proc/<pid>/limits text (`unlimited` = Infinity). */
export function parseLimits(text: string): Partial<Record<RlimitName, { soft: number; hard: number }>> {
  const limits: Partial<Record<RlimitName, { soft: number; hard: number }>> = {};
  const value = (v: string): number => (v === 'unlimited' ? Infinity : Number(v));
  for (const line of text.split('\n')) {
    for (const [name, row] of Object.entries(LIMIT_ROWS) as [RlimitName, string][]) {
      if (!line.startsWith(row)) continue;
      const [soft, hard] = line.slice(row.length).trim().split(/\s+/);
      limits[name] = { soft: value(soft), hard: value(hard) };
    }
  }
  return limits;
}

function ownLimits(): ReturnType<typeof parseLimits> {
  try {
    return parseLimits(readFileSync('/proc/self/limits', 'latin1'));
  } catch {
    return {};
  }
}

let selfApplied = false;

/** Once per daemon: `prlimit --pid <self>` for the limits it shares with every module (no race: it is the daemon itself). */
function applyToSelf(prlimit: string): void {
  if (selfApplied) return;
  selfApplied = true;
  const own = ownLimits();
  const args = Object.entries(SELF_APPLIED)
    .filter(([name, v]) => own[name as RlimitName]?.soft !== v || own[name as RlimitName]?.hard !== v)
    .map(([name, v]) => `--${name}=${v}:${v}`);
  if (args.length === 0) return;
  try {
    execFileSync(prlimit, ['--pid', String(process.pid), ...args], { stdio: 'ignore' });
  } catch {
    // Without it every module start keeps its prlimit wrapper.
  }
}

/** The requested limits a child does not already inherit from the daemon (soft and hard equal to the request). */
export function limitsToApply(rlimits: SpawnSpec['rlimits'], prlimit: string | null): SpawnSpec['rlimits'] {
  if (prlimit !== null) applyToSelf(prlimit);
  const own = ownLimits();
  const left: SpawnSpec['rlimits'] = {};
  for (const [name, v] of Object.entries(rlimits) as [RlimitName, number | undefined][]) {
    if (v === undefined) continue;
    if (own[name]?.soft !== v || own[name]?.hard !== v) left[name] = v;
  }
  return left;
}
