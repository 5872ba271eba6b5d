// CPU and RSS of process groups, read straight from /proc/<pid>/stat of their known members.
// A round reads only the members' own stat files, through descriptors kept open while the
// member lives (one pread each into one reused buffer, fields parsed from the bytes). Finding
// members takes a pass over /proc:
// - a full pass when a group is new or has no live member known, when a known member ended or
//   left its group, and every FULL_SCAN_ROUNDS rounds as a backstop;
// - otherwise, only when a process was created anywhere since the last look (the last pid in
//   /proc/loadavg moved), a look at just the pids created since then, each once (read one by
//   one, without listing /proc, when they are few): a process a module forks is counted from
//   the next round on.
// CPU is the difference of utime + stime between rounds.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { probeGroups, scanGroups } from './group-scan.js';
import { emptyStatFields, preadStat, STAT_BUFFER_BYTES } from './stat-fields.js';

export interface GroupUsage {
  cpu_percent: number;
  rss_bytes: number;
  processes: number;
}

/** Rounds between two full passes over /proc while no group changed (new processes are found sooner, see above). */
export const FULL_SCAN_ROUNDS = 60;
/** Up to this many pids created since the last look are read one by one; more, and /proc is listed instead. */
const PROBE_PIDS = 256;
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

/** A known member: its kept descriptor and what the last round read. */
interface Member {
  fd: number;
  pgid: number;
  ticks: number;
  startTime: number;
  at: number;
  /** Whether `ticks` is from an earlier round of this same process (else the CPU is not known yet). */
  sampled: boolean;
  /** Read this round, kept once the whole round succeeded (a round redone after a pass must not see half of it). */
  nextTicks: number;
  nextStartTime: number;
}

export class GroupSampler {
  private members = new Map<number, number[]>();
  private readonly known = new Map<number, Member>();
  private roundsSinceScan = Infinity;
  /** The newest pid on the machine when /proc was last looked at; null when unknown. */
  private lastPid: number | null = null;
  private loadavgFd: number | null = null;
  private readonly buffer = Buffer.allocUnsafe(STAT_BUFFER_BYTES);
  private readonly stat = emptyStatFields();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Usage per group (summed over its live members); a group without live members counts as nothing. */
  sample(pgids: readonly number[]): Map<number, GroupUsage> {
    const wanted = new Set(pgids);
    this.findMembers(wanted);
    let usage = this.readKnown(wanted, false);
    if (usage === null) {
      this.fullScan(wanted);
      usage = this.readKnown(wanted, true)!;
    }
    this.roundsSinceScan += 1;
    for (const [pid, member] of this.known) {
      if (!this.isMember(pid, member.pgid, wanted)) this.forget(pid);
    }
    return usage;
  }

  /** Closes every descriptor the sampler holds (a later round reopens what it needs). */
  closeAll(): void {
    for (const pid of [...this.known.keys()]) this.forget(pid);
    if (this.loadavgFd !== null) closeSync(this.loadavgFd);
    this.loadavgFd = null;
    this.roundsSinceScan = Infinity;
  }

  private isMember(pid: number, pgid: number, wanted: Set<number>): boolean {
    return wanted.has(pgid) && (this.members.get(pgid)?.includes(pid) ?? false);
  }

  private forget(pid: number): void {
    const member = this.known.get(pid);
    this.known.delete(pid);
    if (member?.fd !== undefined && member.fd >= 0) {
      try {
        closeSync(member.fd);
      } catch {
        // already closed
      }
    }
  }

  // Full pass when one is due; else, if processes were created since the last look, a pass over just those.
  private findMembers(wanted: Set<number>): void {
    if (this.roundsSinceScan >= FULL_SCAN_ROUNDS) return this.fullScan(wanted);
    for (const pgid of wanted) if (!this.members.get(pgid)?.length) return this.fullScan(wanted);
    const before = this.lastPid;
    const now = this.readLastPid();
    if (before === null || now === null) return this.fullScan(wanted);
    if (now === before) return;
    const found = now > before && now - before <= PROBE_PIDS ? probeGroups(wanted, this.pidsAfter(before, now), this.buffer, this.stat) : this.scanCreated(wanted, before, now);
    for (const [pgid, pids] of found) {
      if (pids.length > 0) this.members.get(pgid)!.push(...pids);
    }
    // Each created pid is looked at once: the next look starts after the newest one seen here.
    this.lastPid = now;
  }

  // The pids in (before, now] the sampler does not know yet.
  private *pidsAfter(before: number, now: number): Generator<number> {
    for (let pid = before + 1; pid <= now; pid++) if (!this.known.has(pid)) yield pid;
  }

  // Many pids created, or the pid counter wrapped: a pass over /proc, reading only the created ones.
  private scanCreated(wanted: Set<number>, before: number, now: number): Map<number, number[]> {
    const created = now > before ? (pid: number) => pid > before && pid <= now : (pid: number) => pid > before || pid <= now;
    return scanGroups(wanted, (pid) => created(pid) && !this.known.has(pid));
  }

  private fullScan(wanted: Set<number>): void {
    this.lastPid = this.readLastPid();
    this.members = scanGroups(wanted);
    this.roundsSinceScan = 0;
  }

  /** The pid most recently created on the machine (last field of /proc/loadavg), null when unreadable. */
  private readLastPid(): number | null {
    try {
      this.loadavgFd ??= openSync('/proc/loadavg', 'r');
      const buf = this.buffer;
      let end = readSync(this.loadavgFd, buf, 0, buf.length, 0);
      while (end > 0 && !isDigit(buf[end - 1])) end--;
      let pid = 0;
      let scale = 1;
      for (; end > 0 && isDigit(buf[end - 1]); end--, scale *= 10) pid += (buf[end - 1] - 0x30) * scale;
      return scale > 1 ? pid : null;
    } catch {
      return null;
    }
  }

  // Reads the known members' stat files and sums them per group. Before a full pass (`afterScan`
  // false) it returns null when one is due (a member ended or left its group, or a group has no
  // member known); right after one, such members and groups count as nothing.
  private readKnown(wanted: Set<number>, afterScan: boolean): Map<number, GroupUsage> | null {
    const at = this.now();
    const page = pageSize();
    const stat = this.stat;
    const usage = new Map<number, GroupUsage>();
    for (const pgid of wanted) {
      const pids = this.members.get(pgid) ?? [];
      if (pids.length === 0 && !afterScan) return null;
      let cpu = 0;
      let rss = 0;
      let processes = 0;
      for (const pid of pids) {
        let member = this.known.get(pid);
        if (!member) {
          member = { fd: -1, pgid, ticks: 0, startTime: 0, at: 0, sampled: false, nextTicks: 0, nextStartTime: 0 };
          this.known.set(pid, member);
        }
        if (member.fd < 0) member.fd = openStat(pid);
        if (member.fd < 0 || !preadStat(member.fd, this.buffer, stat) || stat.zombie || stat.pgrp !== pgid) {
          this.forget(pid);
          if (afterScan) continue;
          return null;
        }
        if (member.sampled && member.startTime === stat.startTime && at > member.at) {
          cpu += ((stat.cpuTicks - member.ticks) / TICKS_PER_SECOND / ((at - member.at) / 1000)) * 100;
        }
        rss += stat.rssPages * page;
        member.nextTicks = stat.cpuTicks;
        member.nextStartTime = stat.startTime;
        member.pgid = pgid;
        processes += 1;
      }
      usage.set(pgid, { cpu_percent: Math.round(Math.max(cpu, 0) * 10) / 10, rss_bytes: rss, processes });
    }
    for (const pgid of wanted) {
      for (const pid of this.members.get(pgid) ?? []) {
        const member = this.known.get(pid);
        if (!member) continue;
        member.ticks = member.nextTicks;
        member.startTime = member.nextStartTime;
        member.at = at;
        member.sampled = true;
      }
    }
    return usage;
  }
}

function openStat(pid: number): number {
  try {
    return openSync(`/proc/${pid}/stat`, 'r');
  } catch {
    return -1;
  }
}

const isDigit = (byte: number): boolean => byte >= 0x30 && byte <= 0x39;
