// What exactly gets executed for a spawn spec: the command resolved up front (so a missing or
// non-executable entry point is a clear spawn failure even behind a wrapper), optionally wrapped
// in bubblewrap (the sandbox) and, outside that, in util-linux prlimit for the rlimits the child
// does not inherit from the daemon: [prlimit --] bwrap ... -- [setpriv ... --] command. Inside
// the sandbox, util-linux setpriv switches to the module's unprivileged uid/gid before the module
// runs, so the module is never root on the host. A Node entry is run by this Node binary (no
// `env` PATH search) and, sandboxed, as PID 1 of its namespace (bwrap --as-pid-1: no sandbox
// init process), with the preload that keeps default signal actions for a PID 1. Every wrapper
// keeps the environment.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../version.js';
import { executableByAnyone, isNodeEntry } from './node-entry.js';
import { limitsToApply } from './own-rlimits.js';
import type { RunAs, SpawnSpec } from './types.js';

export const PRLIMIT = '/usr/bin/prlimit';
export const SETPRIV = '/usr/bin/setpriv';

export type ResolvedCommand = { ok: true; file: string } | { ok: false; code: 'ENOENT' | 'EACCES'; message: string };

export interface SpawnPlan {
  file: string;
  args: string[];
  /**
   * `applied`: wrapped in prlimit; `inherited`: every limit asked equals the daemon's own; `none`:
   * no limits asked; `unavailable`: asked but prlimit is missing.
   */
  rlimits: 'applied' | 'inherited' | 'none' | 'unavailable';
  /** The command runs inside bubblewrap: the spawned process is bwrap, the module is its descendant. */
  sandboxed: boolean;
  /** The module is PID 1 of the sandbox's pid namespace, bwrap's direct child (no sandbox init). */
  asPid1: boolean;
}

/** The preload a Node module running as PID 1 of its namespace starts with (built file: it runs inside the sandbox). */
export const PID1_PRELOAD = path.join(PACKAGE_ROOT, 'dist', 'src', 'sandbox', 'pid1-signals.cjs');

function isExecutableFile(file: string): boolean | null {
  try {
    if (!statSync(file).isFile()) return false;
  } catch {
    return null;
  }
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Resolves `command` like execvp does: relative to `cwd` when it has a slash, else along `searchPath`. */
export function resolveCommand(command: string, cwd: string, searchPath: string | undefined): ResolvedCommand {
  const candidates = command.includes('/')
    ? [path.resolve(cwd, command)]
    : (searchPath ?? '')
        .split(':')
        .filter((dir) => dir.length > 0)
        .map((dir) => path.resolve(cwd, dir, command));
  let denied: string | null = null;
  for (const file of candidates) {
    const executable = isExecutableFile(file);
    if (executable) return { ok: true, file };
    if (executable === false) denied ??= file;
  }
  if (denied) return { ok: false, code: 'EACCES', message: `spawn ${command} EACCES: ${denied} is not an executable file` };
  return { ok: false, code: 'ENOENT', message: `spawn ${command} ENOENT: no such command` };
}

let prlimitPresent: boolean | undefined;

export function prlimitAvailable(): boolean {
  prlimitPresent ??= isExecutableFile(PRLIMIT) === true;
  return prlimitPresent;
}

let setprivPresent: boolean | undefined;

export function setprivAvailable(): boolean {
  setprivPresent ??= isExecutableFile(SETPRIV) === true;
  return setprivPresent;
}

/** setpriv switching to `user` with no capabilities left at all (bwrap already set no_new_privs). */
export function userSwitchArgs(user: RunAs): string[] {
  const groups = user.groups.length > 0 ? `--groups=${user.groups.join(',')}` : '--clear-groups';
  return [SETPRIV, `--reuid=${user.uid}`, `--regid=${user.gid}`, groups, '--inh-caps=-all', '--bounding-set=-all', '--'];
}

export function rlimitArgs(rlimits: SpawnSpec['rlimits']): string[] {
  const args: string[] = [];
  if (rlimits.nofile !== undefined) args.push(`--nofile=${rlimits.nofile}:${rlimits.nofile}`);
  if (rlimits.nproc !== undefined) args.push(`--nproc=${rlimits.nproc}:${rlimits.nproc}`);
  if (rlimits.core !== undefined) args.push(`--core=${rlimits.core}:${rlimits.core}`);
  return args;
}

/** Targets of bwrap `--tmpfs` options: directories the sandbox hides. */
function hiddenBySandbox(args: readonly string[]): string[] {
  return args.flatMap((arg, i) => (arg === '--tmpfs' && i + 1 < args.length ? [args[i + 1]] : []));
}

const within = (file: string, dir: string): boolean => file === dir || file.startsWith(dir.endsWith('/') ? dir : `${dir}/`);

let nodeUsable: boolean | undefined;

/** This Node binary can run a module: it is executable by the module's uid (memoised) and not hidden by the sandbox. */
function execPathUsable(sandbox: SpawnSpec['sandbox']): boolean {
  nodeUsable ??= executableByAnyone(process.execPath);
  return nodeUsable && !hiddenBySandbox(sandbox?.args ?? []).some((dir) => within(process.execPath, dir));
}

let preloadPresent: boolean | undefined;

/** `[file, args]` that runs the entry: Node entries by process.execPath (with the PID 1 preload when sandboxed), others as they are. */
function entryCommand(file: string, spec: Pick<SpawnSpec, 'args' | 'sandbox'>): { file: string; args: string[]; asPid1: boolean } {
  if (!isNodeEntry(file) || !execPathUsable(spec.sandbox)) return { file, args: spec.args, asPid1: false };
  preloadPresent ??= existsSync(PID1_PRELOAD);
  const asPid1 = Boolean(spec.sandbox) && preloadPresent;
  return { file: process.execPath, args: [...(asPid1 ? [`--require=${PID1_PRELOAD}`] : []), file, ...spec.args], asPid1 };
}

export function planSpawn(
  file: string,
  spec: Pick<SpawnSpec, 'args' | 'rlimits' | 'sandbox'>,
  hasPrlimit: boolean = prlimitAvailable(),
): SpawnPlan {
  const sandbox = spec.sandbox ?? null;
  const entry = entryCommand(file, spec);
  const switchUser = sandbox?.user ? userSwitchArgs(sandbox.user) : [];
  const bwrapOptions = sandbox ? [...sandbox.args, ...(entry.asPid1 ? ['--as-pid-1'] : [])] : [];
  const inner = sandbox
    ? { file: sandbox.bwrap, args: [...bwrapOptions, '--', ...switchUser, entry.file, ...entry.args] }
    : { file: entry.file, args: entry.args };
  const shape = { sandboxed: sandbox !== null, asPid1: entry.asPid1 };
  if (rlimitArgs(spec.rlimits).length === 0) return { ...inner, rlimits: 'none', ...shape };
  const limits = rlimitArgs(limitsToApply(spec.rlimits, hasPrlimit ? PRLIMIT : null));
  if (limits.length === 0) return { ...inner, rlimits: 'inherited', ...shape };
  if (!hasPrlimit) return { ...inner, rlimits: 'unavailable', ...shape };
  return { file: PRLIMIT, args: [...limits, '--', inner.file, ...inner.args], rlimits: 'applied', ...shape };
}
