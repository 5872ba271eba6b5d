// Real process groups for the monitor tests, killed at teardown.
import { spawn } from 'node:child_process';
import type { ExecutionContext } from 'ava';
import { groupMembers } from '../../src/process/process-group.js';

/** Starts `code` under node as the leader of a new process group; returns its pid (= pgid). */
export function startGroup(t: ExecutionContext, code: string): number {
  const child = spawn(process.execPath, ['-e', code], { detached: true, stdio: 'ignore' });
  const pid = child.pid!;
  t.teardown(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  return pid;
}

/** A leader holding `mib` MiB of touched memory with `children` sleeping children in its group. */
export function memoryGroup(t: ExecutionContext, mib: number, children = 0): number {
  return startGroup(
    t,
    `const { spawn } = require('node:child_process');
     for (let i = 0; i < ${children}; i++) spawn('sleep', ['1000'], { stdio: 'ignore' });
     globalThis.held = Buffer.alloc(${mib} * 2 ** 20, 1);
     setInterval(() => {}, 1000);`,
  );
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

export const groupSize = (pgid: number): number => groupMembers(pgid).length;
