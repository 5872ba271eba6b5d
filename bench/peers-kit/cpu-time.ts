// Exact CPU time of whole processes, from the scheduler's own per-thread counter: the first
// field of /proc/<pid>/task/<tid>/schedstat is the nanoseconds that thread has run. utime and
// stime of /proc/<pid>/stat come in clock ticks (10 ms), too coarse for a process that uses
// a few hundred milliseconds a minute; schedstat is read for every side alike (blvm, PM2,
// supervisord), every thread included.
import { readdirSync, readFileSync } from 'node:fs';

/** Nanoseconds on CPU per thread, keyed `pid/tid`, of the given processes right now. */
export type CpuSnapshot = Map<string, number>;

function threadNs(pid: number, tid: string): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'latin1').split(' ', 1)[0]);
  } catch {
    return null;
  }
}

export function cpuSnapshot(pids: Iterable<number>): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const ns = threadNs(pid, tid);
      if (ns !== null) snapshot.set(`${pid}/${tid}`, ns);
    }
  }
  return snapshot;
}

/**
 * CPU seconds the processes used between two snapshots: a thread started in between counts
 * from zero; a thread (or process) gone by the second snapshot counts nothing for the window.
 * `only` keeps the threads (`pid/tid`) it accepts, e.g. a process's main thread alone.
 */
export function cpuSecondsBetween(start: CpuSnapshot, end: CpuSnapshot, only: (thread: string) => boolean = () => true): number {
  let ns = 0;
  for (const [thread, at] of end) if (only(thread)) ns += Math.max(0, at - (start.get(thread) ?? 0));
  return ns / 1e9;
}
