// One pass over /proc per sampling round finds the live members of every module's process
// group (asking per group would read /proc once per module and round).
import { readdirSync } from 'node:fs';
import { isZombie, readProcStat } from '../process/proc-stat.js';

export function scanGroups(pgids: Iterable<number>): Map<number, number[]> {
  const members = new Map<number, number[]>();
  for (const pgid of pgids) members.set(pgid, []);
  if (members.size === 0) return members;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat && !isZombie(stat)) members.get(stat.pgrp)?.push(stat.pid);
  }
  return members;
}
