// Finding the live members of every module's process group at once (asking per group would
// read /proc once per module): a pass over all of /proc, or a look at just some pids (the
// sampler's look at the pids created since its last one, which skips listing /proc: on a
// machine with thousands of tasks that listing costs milliseconds).
import { readdirSync, readFileSync } from 'node:fs';
import { emptyStatFields, readStatOnce, STAT_BUFFER_BYTES, type StatFields } from './stat-fields.js';

export function scanGroups(pgids: Iterable<number>, only?: (pid: number) => boolean): Map<number, number[]> {
  const members = emptyGroups(pgids);
  if (members.size === 0) return members;
  const buf = Buffer.allocUnsafe(STAT_BUFFER_BYTES);
  const stat = emptyStatFields();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0 || (only && !only(pid))) continue;
    if (readStatOnce(pid, buf, stat) && !stat.zombie) members.get(stat.pgrp)?.push(pid);
  }
  return members;
}

/**
 * The processes among `pids` that belong to one of the groups. Pids are also handed out to
 * threads, and /proc/<tid>/stat of a thread answers like its process (same group), so a match
 * is kept only when it leads its thread group.
 */
export function probeGroups(pgids: Iterable<number>, pids: Iterable<number>, buf: Buffer, stat: StatFields): Map<number, number[]> {
  const members = emptyGroups(pgids);
  if (members.size === 0) return members;
  for (const pid of pids) {
    if (!readStatOnce(pid, buf, stat) || stat.zombie) continue;
    const group = members.get(stat.pgrp);
    if (group && leadsThreadGroup(pid)) group.push(pid);
  }
  return members;
}

function emptyGroups(pgids: Iterable<number>): Map<number, number[]> {
  const members = new Map<number, number[]>();
  for (const pgid of pgids) members.set(pgid, []);
  return members;
}

function leadsThreadGroup(pid: number): boolean {
  try {
    return Number(/^Tgid:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1]) === pid;
  } catch {
    return false;
  }
}
