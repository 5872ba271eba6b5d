// Following a module into its bubblewrap sandbox. The spawned process is bwrap; with a pid
// namespace and a new session it runs either `bwrap (monitor) -> module` with the module as PID 1
// of the namespace (--as-pid-1, a Node entry) or `bwrap (monitor) -> bwrap (init) -> module`,
// where the module shares the init's process group. Signals meant for the module go to its group:
// bwrap does not forward them, and a SIGTERM to bwrap itself would only make it die and take the
// sandbox down with SIGKILL.
import { constants } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { isZombie, readProcStat } from './proc-stat.js';
import { signalProcess } from './process-group.js';

const POLL_MS = 5;

export interface SandboxedProcess {
  /** Host pid of the module process inside the sandbox. */
  pid: number;
  /** Its process group (led by the sandbox's init): what stops and injected signals go to. */
  pgid: number;
  startTime: number;
}

/** Parent → children of every live process, from one pass over /proc. */
function childrenIndex(): Map<number, number[]> {
  const index = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (!stat) continue;
    const siblings = index.get(stat.ppid);
    if (siblings) siblings.push(stat.pid);
    else index.set(stat.ppid, [stat.pid]);
  }
  return index;
}

/**
 * A lookup of children: /proc/<pid>/task/<pid>/children where the kernel has it, else one pass
 * over /proc made on first use and shared by every later lookup of the same caller.
 */
function childLookup(): (pid: number) => number[] {
  let index: Map<number, number[]> | null = null;
  return (pid) => {
    if (index === null) {
      try {
        return readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').split(' ').filter(Boolean).map(Number);
      } catch {
        index = childrenIndex();
      }
    }
    return index.get(pid) ?? [];
  };
}

/** Children of `pid` (from /proc/<pid>/task/<pid>/children, else by scanning /proc for the ppid). */
export function childrenOf(pid: number): number[] {
  return childLookup()(pid);
}

/** Every descendant of `pid`, parents before their children. */
export function descendantsOf(pid: number): number[] {
  const children = childLookup();
  const found: number[] = [];
  const queue = children(pid);
  while (queue.length > 0) {
    const next = queue.shift() as number;
    found.push(next);
    queue.push(...children(next));
  }
  return found;
}

/** How long killSandboxTree waits, at most, for bwrap to be frozen. */
const FREEZE_MS = 200;

/**
 * Ends a sandbox whose module has not been found yet (a stop overlapping its start). Killing
 * bwrap alone is not enough then: its child arms --die-with-parent only once it runs, so it can
 * outlive a bwrap killed in the first instant. bwrap is frozen first, so it cannot start anything
 * past the scan; then everything below it (the sandbox's init takes its whole pid namespace
 * along) and bwrap itself are SIGKILLed. Returns the descendants killed.
 */
export function killSandboxTree(leader: number): number[] {
  if (!signalProcess(leader, 'SIGSTOP')) return [];
  const deadline = Date.now() + FREEZE_MS;
  for (;;) {
    const stat = readProcStat(leader);
    if (stat === null || stat.state === 'T' || isZombie(stat) || Date.now() > deadline) break;
  }
  const tree = descendantsOf(leader);
  for (const pid of tree) signalProcess(pid, 'SIGKILL');
  signalProcess(leader, 'SIGKILL');
  return tree;
}

/**
 * The module process below the bwrap leader (its child when it is the namespace's PID 1, else
 * the child of the sandbox's init), once it exists and has its own group.
 */
export function sandboxedProcess(leader: number, asPid1 = false): SandboxedProcess | null {
  const children = childLookup();
  const [first] = children(leader);
  if (first === undefined) return null;
  const [module] = asPid1 ? [first] : children(first);
  if (module === undefined) return null;
  const stat = readProcStat(module);
  if (!stat || isZombie(stat) || stat.pgrp === readProcStat(leader)?.pgrp) return null;
  return { pid: stat.pid, pgid: stat.pgrp, startTime: stat.startTime };
}

/** Polls `probe` every POLL_MS until it answers, `giveUp()` says stop or `timeoutMs` passes (then null). */
async function pollFor<T>(probe: () => T | null, timeoutMs: number, giveUp: () => boolean): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !giveUp()) {
    const found = probe();
    if (found !== null) return found;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return null;
}

/** Polls for the sandboxed module until `giveUp()` says the leader is gone or `timeoutMs` passes. */
export function waitForSandboxed(leader: number, timeoutMs: number, giveUp: () => boolean, asPid1 = false): Promise<SandboxedProcess | null> {
  return pollFor(() => sandboxedProcess(leader, asPid1), timeoutMs, giveUp);
}

/** Whether `pid` is PID 1 of a pid namespace below ours (a sandboxed module run with --as-pid-1). */
export function isNamespaceInit(pid: number): boolean {
  try {
    const line = /^NSpid:\s*(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    const ids = line?.[1].trim().split(/\s+/) ?? [];
    return ids.length > 1 && ids[ids.length - 1] === '1';
  } catch {
    return false;
  }
}

/** Whether `pid` has a handler for `signal` (SigCgt of /proc/<pid>/status). */
export function catchesSignal(pid: number, signal: NodeJS.Signals): boolean {
  try {
    const line = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return line !== null && ((BigInt(`0x${line[1]}`) >> BigInt(constants.signals[signal] - 1)) & 1n) === 1n;
  } catch {
    return false;
  }
}

/**
 * The signal the PID 1 preload (src/sandbox/pid1-signals.cts) takes on last. Not SIGTERM: Node
 * itself handles SIGTERM from its first instant (to restore the terminal, then re-raise, which a
 * PID 1 does not receive), so SigCgt tells nothing about the preload by SIGTERM.
 */
const PRELOAD_MARK: NodeJS.Signals = 'SIGALRM';

/**
 * Waits until a module that is PID 1 of its namespace has run its preload: before that, the
 * kernel drops a SIGTERM the module has no handler for of its own.
 */
export async function waitForPid1Preload(pid: number, timeoutMs: number, giveUp: () => boolean): Promise<boolean> {
  return (await pollFor(() => (catchesSignal(pid, PRELOAD_MARK) ? true : null), timeoutMs, giveUp)) !== null;
}

/** bwrap reports a signal death of the module as exit code 128 + signal; this undoes that. */
export function decodeSandboxExit(code: number | null, signal: string | null): { code: number | null; signal: string | null } {
  if (signal !== null || code === null || code <= 128) return { code, signal };
  const name = Object.entries(constants.signals).find(([, n]) => n === code - 128)?.[0];
  return name ? { code: null, signal: name } : { code, signal };
}
