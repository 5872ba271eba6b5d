// Shared setup for process tests: temp dirs, fixture paths, liveness checks and cleanup of
// every process a test starts.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';
import { isZombie, readProcStat } from '../../src/process/proc-stat.js';

export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/process/${name}`, import.meta.url));
}

export async function tempDir(t: ExecutionContext, prefix = 'blvm-process-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Alive means `kill(pid, 0)` succeeds and the process is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readProcStat(pid);
  return stat !== null && !isZombie(stat);
}

export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

/** SIGKILLs a pid (and its group, when it still leads one) at teardown if it is still alive. */
export function killAtTeardown(t: ExecutionContext, pid: number): void {
  t.teardown(() => {
    const stat = readProcStat(pid);
    if (pid <= 1 || stat === null) return;
    try {
      process.kill(stat.pgrp === pid ? -pid : pid, 'SIGKILL');
    } catch {
      // raced with its own exit
    }
  });
}
