// Finds bubblewrap and checks once per process that it can build the sandbox blvm uses: a
// binary that is installed but cannot create namespaces here (a locked-down container) is as
// good as missing, and must be reported as such rather than fail every module start.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { ISOLATION_FLAGS } from './bwrap-args.js';
import type { BwrapAvailability } from './types.js';

const TRIAL_TIMEOUT_MS = 10_000;

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The bwrap binary: `BLVM_BWRAP` when set (empty = behave as if bubblewrap were not installed),
 * else the first `bwrap` along PATH, /usr/bin or /usr/local/bin.
 */
export function findBwrap(env: NodeJS.ProcessEnv = process.env): { path: string | null; reason: string | null } {
  const chosen = env.BLVM_BWRAP;
  if (chosen !== undefined) {
    if (chosen === '') return { path: null, reason: 'bubblewrap is turned off (BLVM_BWRAP is empty)' };
    return isExecutable(chosen) ? { path: chosen, reason: null } : { path: null, reason: `BLVM_BWRAP=${chosen} is not an executable file` };
  }
  const dirs = (env.PATH ?? '').split(':').filter((d) => d.length > 0);
  const found = [...dirs, '/usr/bin', '/usr/local/bin'].map((dir) => path.join(dir, 'bwrap')).find(isExecutable);
  return found ? { path: found, reason: null } : { path: null, reason: 'bubblewrap (bwrap) is not installed' };
}

function trial(bwrap: string): Promise<string | null> {
  // --as-pid-1 as well: Node modules run with it (src/process/spawn-command.ts).
  const args = [...ISOLATION_FLAGS, '--as-pid-1', '--unshare-net', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--', 'true'];
  return new Promise((resolve) => {
    execFile(bwrap, args, { timeout: TRIAL_TIMEOUT_MS, env: { PATH: '/usr/bin:/bin' } }, (error, _stdout, stderr) => {
      if (!error) return resolve(null);
      resolve(String(stderr).trim() || error.message);
    });
  });
}

/** Looks for bwrap and runs one trial sandbox; `found` overrides the lookup (tests). */
export async function probeBwrap(found: { path: string | null; reason: string | null } = findBwrap()): Promise<BwrapAvailability> {
  if (found.path === null) return { path: null, usable: false, reason: found.reason ?? 'bubblewrap (bwrap) is not installed' };
  const failure = await trial(found.path);
  if (failure === null) return { path: found.path, usable: true, reason: null };
  return { path: found.path, usable: false, reason: `${found.path} cannot create a sandbox here: ${failure}` };
}

let cached: Promise<BwrapAvailability> | undefined;

/** The availability of this machine's bwrap, probed on first use. */
export function bwrapAvailability(): Promise<BwrapAvailability> {
  cached ??= probeBwrap();
  return cached;
}
