// Reading /proc/<pid>/stat. The comm field (2) is in parentheses and may itself contain
// spaces and ')', so the fields after it are found from the LAST ')' of the line.
import { readFileSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  comm: string;
  /** One-letter state: R, S, D, Z (zombie), T, X, ... */
  state: string;
  ppid: number;
  pgrp: number;
  /** Field 22: clock ticks after boot when the process started; with the pid, it names one process. */
  startTime: number;
  /** Fields 14 + 15: CPU time used in user and kernel mode, clock ticks. */
  cpuTicks: number;
  /** Field 24: resident set size, pages. */
  rssPages: number;
}

/** Parses the text of a stat file; null when it does not look like one. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 2).trim().split(' ');
  // rest[0] is field 3 (state), so field N is rest[N - 3].
  const ppid = Number(rest[1]);
  const pgrp = Number(rest[2]);
  const startTime = Number(rest[19]);
  const cpuTicks = Number(rest[11]) + Number(rest[12]);
  const rssPages = Number(rest[21]);
  if (![pid, ppid, pgrp, startTime, cpuTicks, rssPages].every(Number.isSafeInteger)) return null;
  return { pid, comm: text.slice(open + 1, close), state: rest[0] ?? '', ppid, pgrp, startTime, cpuTicks, rssPages };
}

/** The stat of a pid, or null when no such process exists (or it vanished while reading). */
export function readProcStat(pid: number): ProcStat | null {
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return null;
  }
}

/** A zombie has exited and only waits to be reaped: it cannot run, hold resources or be signalled. */
export function isZombie(stat: ProcStat): boolean {
  return stat.state === 'Z' || stat.state === 'X';
}
