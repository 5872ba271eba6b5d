// Process-group control: every module child leads its own group, so the whole tree it
// spawns (grandchildren included) is signalled and awaited as one unit.
import { readdirSync } from 'node:fs';
import { BlvmError } from '../errors.js';
import { isZombie, readProcStat } from './proc-stat.js';

const POLL_MS = 25;

/** Start time (field 22 of /proc/<pid>/stat, clock ticks after boot), or null when the pid does not exist. */
export function readStartTime(pid: number): number | null {
  return readProcStat(pid)?.startTime ?? null;
}

/** False only when the kernel knows no process at all (not even a zombie) in the group. */
function groupExists(pgid: number): boolean {
  if (!Number.isSafeInteger(pgid) || pgid <= 1) return true;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Live (non-zombie) processes whose process group is `pgid`, found by scanning /proc; an
 * empty group is answered by one kill(-pgid, 0) instead (the common case once a module exited).
 */
export function groupMembers(pgid: number): number[] {
  if (!groupExists(pgid)) return [];
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat && stat.pgrp === pgid && !isZombie(stat)) members.push(stat.pid);
  }
  return members;
}

/** Refuses 0, 1 and negatives: kill(-1) would signal every process we may signal. */
function checkTarget(id: number, what: string): void {
  if (!Number.isSafeInteger(id) || id <= 1) {
    throw new BlvmError('internal', `refusing to signal ${what} ${String(id)}`);
  }
}

/** Sends `signal` to every member of the group; a group that is already gone is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | number): boolean {
  checkTarget(pgid, 'process group');
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/** Sends `signal` to one process; a process that is already gone is not an error. */
export function signalProcess(pid: number, signal: NodeJS.Signals | number): boolean {
  checkTarget(pid, 'process');
  try {
    process.kill(pid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/** Resolves true once no live member of the group remains, false when `timeoutMs` passes first. */
export async function waitGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (groupMembers(pgid).length === 0) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, left)));
  }
}
