// Shared by the sandbox tests: whether bubblewrap can run here (tests that need it fail in CI
// when it cannot, and are skipped with a message elsewhere), and sandbox paths in a temp dir.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import { probeBwrap } from '../../src/sandbox/bwrap-probe.js';
import { bwrapArgs, type SandboxPaths } from '../../src/sandbox/bwrap-args.js';
import type { BwrapAvailability } from '../../src/sandbox/types.js';
import { PACKAGE_ROOT } from '../../src/version.js';

let probed: Promise<BwrapAvailability> | undefined;

/** True when the test may go on; in CI a missing bubblewrap fails the test instead of skipping it. */
export async function needBwrap(t: ExecutionContext): Promise<boolean> {
  const availability = await (probed ??= probeBwrap());
  if (availability.usable) return true;
  if (process.env.CI) {
    t.fail(`bubblewrap is required in CI: ${availability.reason}`);
    return false;
  }
  t.log(`skipped: ${availability.reason} (install bubblewrap to run this test)`);
  t.pass();
  return false;
}

export async function bwrapPath(): Promise<string> {
  const availability = await (probed ??= probeBwrap());
  if (!availability.path) throw new Error('bubblewrap is not installed');
  return availability.path;
}

/** A node-like layout under `root`: data/, data/modules/<name>/{db,work,run}, data/sockets, modules/<name>. */
export async function sandboxLayout(root: string, name = 'fixture'): Promise<SandboxPaths> {
  const own = path.join(root, 'data', 'modules', name);
  const paths: SandboxPaths = {
    dataDir: path.join(root, 'data'),
    writableDirs: [path.join(own, 'db'), path.join(own, 'work')],
    readOnlyDirs: [path.join(own, 'run')],
    workDir: path.join(own, 'work'),
    moduleDir: path.join(root, 'modules', name),
    modulesDir: path.join(root, 'modules'),
    socketDir: path.join(root, 'data', 'sockets'),
    packageRoot: PACKAGE_ROOT,
    serviceDirs: [],
  };
  for (const dir of [...paths.writableDirs, ...paths.readOnlyDirs, paths.moduleDir, paths.socketDir]) await mkdir(dir, { recursive: true });
  return paths;
}

export async function sandboxSpec(paths: SandboxPaths, network = false): Promise<{ bwrap: string; args: string[] }> {
  return { bwrap: await bwrapPath(), args: bwrapArgs(paths, { network, switchUser: false }) };
}
