// Finds bubblewrap and checks once per process that it can build the sandbox blvm uses: a
// binary that is installed but cannot create namespaces here (a locked-down container) is as
// good as missing, and must be reported as such rather than fail every module start.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { BwrapAvailability } from './types.js';

const TRIAL_TIMEOUT_MS = 10_000;

/** The namespace and privilege options every sandboxed module gets; the trial uses them too. */
export const ISOLATION_FLAGS = ['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--new-session', '--die-with-parent', '--cap-drop', 'ALL'];

/** First executable `bwrap` along `searchPath`. */
export function findBwrap(searchPath: string | undefined = process.env.PATH): string | null {
  const dirs = (searchPath ?? '').split(':').filter((d) => d.length > 0);
  for (const dir of [...dirs, '/usr/bin', '/usr/local/bin']) {
    const file = path.join(dir, 'bwrap');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

function trial(bwrap: string): Promise<string | null> {
  const args = [...ISOLATION_FLAGS, '--unshare-net', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--', 'true'];
  return new Promise((resolve) => {
    execFile(bwrap, args, { timeout: TRIAL_TIMEOUT_MS, env: { PATH: '/usr/bin:/bin' } }, (error, _stdout, stderr) => {
      if (!error) return resolve(null);
      resolve(String(stderr).trim() || error.message);
    });
  });
}

/** Looks for bwrap and runs one trial sandbox; `bwrap` overrides the lookup (tests). */
export async function probeBwrap(bwrap: string | null = findBwrap()): Promise<BwrapAvailability> {
  if (bwrap === null) return { path: null, usable: false, reason: 'bubblewrap (bwrap) is not installed' };
  const failure = await trial(bwrap);
  if (failure === null) return { path: bwrap, usable: true, reason: null };
  return { path: bwrap, usable: false, reason: `${bwrap} cannot create a sandbox here: ${failure}` };
}

let cached: Promise<BwrapAvailability> | undefined;

/** The availability of this machine's bwrap, probed on first use. */
export function bwrapAvailability(): Promise<BwrapAvailability> {
  cached ??= probeBwrap();
  return cached;
}
