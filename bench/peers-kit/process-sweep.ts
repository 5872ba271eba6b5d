// Finds processes through /proc: the descendants of a pid, and anything whose command line
// names a benchmark's temp dir (the last-resort sweep after a failed teardown).
import { readdir, readFile } from 'node:fs/promises';

export interface ProcInfo {
  pid: number;
  ppid: number;
}

async function readInfo(pid: number): Promise<ProcInfo | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return null;
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  return { pid, ppid: Number(fields[1]) };
}

async function allPids(): Promise<number[]> {
  return (await readdir('/proc')).filter((n) => /^\d+$/.test(n)).map(Number);
}

/** Every live descendant of `root` (not including it). */
export async function descendants(root: number): Promise<ProcInfo[]> {
  const infos = (await Promise.all((await allPids()).map(readInfo))).filter((i): i is ProcInfo => i !== null);
  const byParent = new Map<number, ProcInfo[]>();
  for (const info of infos) byParent.set(info.ppid, [...(byParent.get(info.ppid) ?? []), info]);
  const found: ProcInfo[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of byParent.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILLs every process (other than this one) whose command line contains `text`; returns their pids. */
export async function killProcessesMentioning(text: string): Promise<number[]> {
  const killed: number[] = [];
  for (const pid of await allPids()) {
    if (pid === process.pid) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes(text)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // already gone
    }
  }
  return killed;
}
