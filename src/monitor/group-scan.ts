// A pass over /proc finds the live members of every module's process group at once (asking
// per group would read /proc once per module). `only` limits the stat files read to some pids
// (the sampler's pass over processes created since its last look).
import { readdirSync } from 'node:fs';
import { emptyStatFields, readStatOnce, STAT_BUFFER_BYTES } from './stat-fields.js';

export function scanGroups(pgids: Iterable<number>, only?: (pid: number) => boolean): Map<number, number[]> {
  const members = new Map<number, number[]>();
  for (const pgid of pgids) members.set(pgid, []);
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
