// Orphans: processes still alive in a module process group that is no longer the live one.
import { groupMembers } from '../process/process-group.js';
import type { NodeObserver } from './observe.js';

export async function countOrphans(observer: NodeObserver): Promise<number> {
  const live = new Set(await observer.liveGroups());
  let orphans = 0;
  for (const pgid of observer.seenGroups) {
    if (!live.has(pgid)) orphans += groupMembers(pgid).length;
  }
  return orphans;
}
