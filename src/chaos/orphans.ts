// Orphans: processes still alive in a module process group that is no longer the live one.
// A live module's own ancestors (a sandboxed module's bwrap processes lead groups of their own)
// belong to that module, not to the past.
import { readProcStat } from '../process/proc-stat.js';
import { groupMembers } from '../process/process-group.js';
import type { NodeObserver } from './observe.js';

function ancestors(pid: number): number[] {
  const chain: number[] = [];
  for (let stat = readProcStat(pid); stat && stat.ppid > 1 && chain.length < 64; stat = readProcStat(stat.ppid)) {
    chain.push(stat.ppid);
  }
  return chain;
}

export async function countOrphans(observer: NodeObserver): Promise<number> {
  const live = await observer.liveProcesses();
  const liveGroups = new Set(live.map((p) => p.pgid));
  const owned = new Set(live.flatMap((p) => ancestors(p.pid)));
  let orphans = 0;
  for (const pgid of observer.seenGroups) {
    if (!liveGroups.has(pgid)) orphans += groupMembers(pgid).filter((pid) => !owned.has(pid)).length;
  }
  return orphans;
}
