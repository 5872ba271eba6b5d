// What exactly gets executed for a spawn spec: the command resolved up front (so a missing or
// non-executable entry point is a clear spawn failure even behind prlimit), optionally wrapped
// in bubblewrap (the sandbox) and, outside that, in util-linux prlimit to apply rlimits to the
// child before it runs: prlimit -- bwrap ... -- [setpriv ... --] command. Inside the sandbox,
// util-linux setpriv switches to the module's unprivileged uid/gid before the module runs, so
// the module is never root on the host. Every wrapper keeps the environment.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { RunAs, SpawnSpec } from './types.js';

export const PRLIMIT = '/usr/bin/prlimit';
export const SETPRIV = '/usr/bin/setpriv';

export type ResolvedCommand = { ok: true; file: string } | { ok: false; code: 'ENOENT' | 'EACCES'; message: string };

export interface SpawnPlan {
  file: string;
  args: string[];
  /** `applied`: wrapped in prlimit; `none`: no limits asked; `unavailable`: asked but prlimit is missing. */
  rlimits: 'applied' | 'none' | 'unavailable';
  /** The command runs inside bubblewrap: the spawned process is bwrap, the module is its descendant. */
  sandboxed: boolean;
}

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

export function planSpawn(
  file: string,
  spec: Pick<SpawnSpec, 'args' | 'rlimits' | 'sandbox'>,
  hasPrlimit: boolean = prlimitAvailable(),
): SpawnPlan {
  const sandbox = spec.sandbox ?? null;
  const switchUser = sandbox?.user ? userSwitchArgs(sandbox.user) : [];
  const inner = sandbox ? { file: sandbox.bwrap, args: [...sandbox.args, '--', ...switchUser, file, ...spec.args] } : { file, args: spec.args };
  const sandboxed = sandbox !== null;
  const limits = rlimitArgs(spec.rlimits);
  if (limits.length === 0) return { ...inner, rlimits: 'none', sandboxed };
  if (!hasPrlimit) return { ...inner, rlimits: 'unavailable', sandboxed };
  return { file: PRLIMIT, args: [...limits, '--', inner.file, ...inner.args], rlimits: 'applied', sandboxed };
}
