// CPU and RSS of process groups, read straight from /proc/<pid>/stat of their known members.
// Finding members takes a pass over all of /proc, so that pass runs only when a group is new,
// when a known member ended or left its group, and otherwise every RESCAN_ROUNDS rounds, and
// then only if a process was created anywhere since the last pass (the last pid in
// /proc/loadavg moved): a process a module forks shows up within RESCAN_ROUNDS rounds. Between
// passes a round reads only the members' own stat files, through descriptors kept open while
// the member lives (one pread per member and round). CPU is the difference of utime + stime
// between rounds.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { isZombie, parseProcStat, type ProcStat } from '../process/proc-stat.js';
import { scanGroups } from './group-scan.js';

export interface GroupUsage {
  cpu_percent: number;
  rss_bytes: number;
  processes: number;
}

/** Rounds between two passes over /proc while no group changed. */
export const RESCAN_ROUNDS = 10;
/** USER_HZ: the kernel reports CPU times in /proc in hundredths of a second on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

let pageBytes: number | undefined;

// The kernel's page size (the stat RSS is in pages), from the first mapping of this process.
function pageSize(): number {
  if (pageBytes === undefined) {
    let kib: string | undefined;
    try {
      kib = /KernelPageSize:\s+(\d+) kB/.exec(readFileSync('/proc/self/smaps', 'latin1').slice(0, 4096))?.[1];
    } catch {
      kib = undefined;
    }
    pageBytes = kib ? Number(kib) * 1024 : 4096;
  }
  return pageBytes;
}

/** The pid most recently created on the machine (last field of /proc/loadavg), null when unreadable. */
function lastPid(): string | null {
  try {
    return readFileSync('/proc/loadavg', 'latin1').trim().split(' ').pop() ?? null;
  } catch {
    return null;
  }
}

interface Seen {
  ticks: number;
  startTime: number;
  at: number;
}

export class GroupSampler {
  private members = new Map<number, number[]>();
  private seen = new Map<number, Seen>();
  private roundsSinceScan = Infinity;
  /** The newest pid on the machine at the last pass over /proc. */
  private lastPidAtScan: string | null = null;
  /** Open /proc/<pid>/stat of the members, closed once the pid is no longer one. */
  private readonly files = new Map<number, number>();
  private readonly buffer = Buffer.alloc(4096);

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Usage per group (summed over its live members); a group without live members counts as nothing. */
  sample(pgids: readonly number[]): Map<number, GroupUsage> {
    const wanted = new Set(pgids);
    let stats = this.readKnown(wanted);
    if (stats === null) {
      this.lastPidAtScan = lastPid();
      this.members = scanGroups(wanted);
      this.roundsSinceScan = 0;
      stats = this.readKnown(wanted) ?? new Map<number, ProcStat[]>();
    }
    this.roundsSinceScan += 1;
    const usage = this.usageOf(wanted, stats);
    for (const [pid, fd] of this.files) {
      if (!this.seen.has(pid)) this.close(pid, fd);
    }
    return usage;
  }

  /** Closes every descriptor the sampler holds (a later round reopens what it needs). */
  closeAll(): void {
    for (const [pid, fd] of [...this.files]) this.close(pid, fd);
  }

  private close(pid: number, fd: number): void {
    this.files.delete(pid);
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }

  // The stat of `pid` through its kept descriptor; null once the process is gone.
  private readStat(pid: number): ProcStat | null {
    let fd = this.files.get(pid);
    try {
      if (fd === undefined) {
        fd = openSync(`/proc/${pid}/stat`, 'r');
        this.files.set(pid, fd);
      }
      const n = readSync(fd, this.buffer, 0, this.buffer.length, 0);
      return parseProcStat(this.buffer.toString('latin1', 0, n));
    } catch {
      if (fd !== undefined) this.close(pid, fd);
      return null;
    }
  }

  // Reads the known members' stat files; null when a pass over /proc is due instead.
  private readKnown(wanted: Set<number>): Map<number, ProcStat[]> | null {
    if (this.roundsSinceScan >= RESCAN_ROUNDS) {
      if (this.lastPidAtScan === null || lastPid() !== this.lastPidAtScan) return null;
      this.roundsSinceScan = 0;
    }
    for (const pgid of wanted) if (!this.members.get(pgid)?.length) return null;
    const stats = new Map<number, ProcStat[]>();
    for (const pgid of wanted) {
      const live: ProcStat[] = [];
      for (const pid of this.members.get(pgid)!) {
        const stat = this.readStat(pid);
        if (!stat || isZombie(stat) || stat.pgrp !== pgid) return null;
        live.push(stat);
      }
      stats.set(pgid, live);
    }
    return stats;
  }

  private usageOf(wanted: Set<number>, stats: Map<number, ProcStat[]>): Map<number, GroupUsage> {
    const at = this.now();
    const seen = new Map<number, Seen>();
    const usage = new Map<number, GroupUsage>();
    for (const pgid of wanted) {
      let cpu = 0;
      let rss = 0;
      const live = stats.get(pgid) ?? [];
      for (const stat of live) {
        const before = this.seen.get(stat.pid);
        if (before && before.startTime === stat.startTime && at > before.at) {
          cpu += ((stat.cpuTicks - before.ticks) / TICKS_PER_SECOND / ((at - before.at) / 1000)) * 100;
        }
        rss += stat.rssPages * pageSize();
        seen.set(stat.pid, { ticks: stat.cpuTicks, startTime: stat.startTime, at });
      }
      usage.set(pgid, { cpu_percent: Math.round(Math.max(cpu, 0) * 10) / 10, rss_bytes: rss, processes: live.length });
    }
    this.seen = seen;
    return usage;
  }
}
