// RSS and CPU of a supervisor's own processes, read from /proc: the daemon plus any helper
// descendants that are not one of the supervised programs. CPU is the scheduler's exact
// per-thread run time (cpu-time.ts), every thread of every counted process.
import { readFile } from 'node:fs/promises';
import { cpuSecondsBetween, cpuSnapshot } from './cpu-time.js';
import { descendants } from './process-sweep.js';
import { readRollup } from './smaps-groups.js';

export interface Usage {
  /** Mean resident set over the window, MiB (pages shared between the processes count once per process). */
  rssMiB: number;
  /** Mean proportional set over the window, MiB (shared pages split between their users). */
  pssMiB: number;
  /** CPU time (schedstat, all threads) over wall time of the window, percent of one core. */
  cpuPercent: number;
  /** How many processes were counted as the supervisor's. */
  processes: number;
}

async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
}

async function pssKiB(pid: number): Promise<number> {
  return (await readRollup(pid).catch(() => null))?.pssKiB ?? 0;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const mean = (values: number[]) => sum(values) / values.length;

/** The daemon and its descendants other than `programs` (wrappers, helpers), fixed at the window's start. */
export async function supervisorPids(rootPid: number, programs: Iterable<number>): Promise<number[]> {
  const excluded = new Set(programs);
  return [rootPid, ...(await descendants(rootPid)).filter((p) => !excluded.has(p.pid)).map((p) => p.pid)];
}

/** Samples `pids` every `intervalMs` for `windowMs`. */
export async function sampleUsage(pids: number[], windowMs: number, intervalMs = 500): Promise<Usage> {
  const cpuAtStart = cpuSnapshot(pids);
  const started = performance.now();
  const rssSamples: number[] = [];
  const pssSamples: number[] = [];
  while (performance.now() - started < windowMs) {
    rssSamples.push(sum(await Promise.all(pids.map(rssKiB))));
    pssSamples.push(sum(await Promise.all(pids.map(pssKiB))));
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const cpuS = cpuSecondsBetween(cpuAtStart, cpuSnapshot(pids));
  const elapsedS = (performance.now() - started) / 1000;
  return {
    rssMiB: mean(rssSamples) / 1024,
    pssMiB: mean(pssSamples) / 1024,
    cpuPercent: (cpuS / elapsedS) * 100,
    processes: pids.length,
  };
}

/** The summed resident set of `pids` right now, MiB. */
export async function totalRssMiB(pids: Iterable<number>): Promise<number> {
  return sum(await Promise.all([...pids].map(rssKiB))) / 1024;
}
