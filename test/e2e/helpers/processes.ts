// Host-side views of module processes for end-to-end tests: liveness and the sandboxed grandchild.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { childrenOf } from '../../../src/process/sandbox-child.js';
import { readProcStat } from '../../../src/process/proc-stat.js';
import { sleep } from '../../../src/testing/isolated-node.js';
import { isAlive } from '../../process/helpers.js';

export { isAlive };

/** True once `pid` is gone (or a zombie), false if it is still alive after `ms`. */
export async function gone(pid: number, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return false;
}

/** The probe's `sleep` grandchild as the host sees it (inside a sandbox it has other pid numbers). */
export async function hostGrandchild(modulePid: number): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const [child] = childrenOf(modulePid);
    if (child !== undefined && readProcStat(child)?.comm === 'sleep') return child;
    await sleep(50);
  }
  throw new Error(`module ${modulePid} never started its grandchild`);
}

/** Live processes (not zombies) whose command line names `dir` or whose working directory is inside it. */
export function processesUnder(dir: string): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const stat = readProcStat(pid);
    if (stat === null || stat.state === 'Z' || stat.state === 'X') continue;
    let cmdline = '';
    let cwd = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      // gone meanwhile, or not ours to read
    }
    if (cmdline.includes(`${dir}/`) || cwd === dir || cwd.startsWith(`${dir}/`)) found.push({ pid, cmdline: cmdline.slice(0, 200) });
  }
  return found;
}
