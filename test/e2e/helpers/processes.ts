// Host-side views of module processes for end-to-end tests: liveness and the sandboxed grandchild.
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
