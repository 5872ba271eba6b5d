// CPU and RSS of process groups from one batched pidusage call per round. pidusage keeps an
// open /proc/<pid>/stat descriptor per pid in a cache whose entries expire `maxage` ms after
// their last use; `pidusage.clear()` drops the cache without closing them (a descriptor leak),
// so it is never called here and the cache is left to expire.
import pidusage from 'pidusage';

export interface GroupUsage {
  cpu_percent: number;
  rss_bytes: number;
  processes: number;
}

type Stats = Record<string, pidusage.Status | undefined | null>;

async function statsOf(pids: number[], maxage: number): Promise<Stats> {
  if (pids.length === 0) return {};
  try {
    const stats = await pidusage(pids, { usePs: false, maxage });
    return stats as Stats;
  } catch {
    // A batch of one whose process just ended rejects instead of leaving the pid out.
    return {};
  }
}

/** Usage per group (summed over its members); members that vanished mid-round count as nothing. */
export async function sampleGroups(members: Map<number, number[]>, maxage: number): Promise<Map<number, GroupUsage>> {
  const pids = [...new Set([...members.values()].flat())];
  const stats = await statsOf(pids, maxage);
  const usage = new Map<number, GroupUsage>();
  for (const [pgid, group] of members) {
    let cpu = 0;
    let rss = 0;
    let processes = 0;
    for (const pid of group) {
      const s = stats[pid];
      if (!s) continue;
      cpu += Number.isFinite(s.cpu) ? s.cpu : 0;
      rss += s.memory;
      processes += 1;
    }
    usage.set(pgid, { cpu_percent: Math.round(cpu * 10) / 10, rss_bytes: rss, processes });
  }
  return usage;
}
