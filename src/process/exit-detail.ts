// How a child ended, as one exit record: why, by whose doing, and in the words of its `detail`.
import { decodeSandboxExit } from './sandbox-child.js';
import type { ExitReason, ExitRecord } from './types.js';

/** The step a stop had reached when the child went. */
export type StopStep = 'running' | 'shutdown' | 'sigterm' | 'sigkill' | 'actor_stopped';

export function stopDetail(step: StopStep, killGrace: number): string {
  switch (step) {
    case 'running':
      return 'exited while a stop was pending';
    case 'shutdown':
      return 'exited after shutdown request';
    case 'sigterm':
      return 'exited after SIGTERM';
    case 'sigkill':
      return `SIGKILL after ${killGrace} ms grace`;
    case 'actor_stopped':
      return 'SIGKILL when its actor was stopped';
  }
}

/** Detail of an exit nobody asked for. */
export function selfExitDetail(code: number | null, signal: string | null, injected: string | null): string {
  if (signal) return injected === signal ? `killed by ${signal} (injected)` : `killed by ${signal}`;
  return `exit code ${code ?? 'unknown'}`;
}

export interface ExitFacts {
  /** Why the node stopped the child; null when it went by itself. */
  stopReason: ExitReason | null;
  step: StopStep;
  killGrace: number;
  /** A signal injected on purpose (fault injection), if any. */
  injected: string | null;
  /** Leftover processes of its group killed after it went. */
  survivors: number;
  /** The child was bwrap, which reports a signal death of the module as code 128 + signal. */
  sandboxed: boolean;
}

export function exitRecordOf(
  raw: { code: number | null; signal: string | null; at: number; uptimeMs: number },
  facts: ExitFacts,
): ExitRecord {
  const { code, signal } = facts.sandboxed ? decodeSandboxExit(raw.code, raw.signal) : raw;
  const byUs = facts.stopReason !== null;
  const reason: ExitReason = facts.stopReason ?? (code === 0 ? 'exited' : 'crashed');
  const base = byUs ? stopDetail(facts.step, facts.killGrace) : selfExitDetail(code, signal, facts.injected);
  const detail = facts.survivors > 0 ? `${base}; killed ${facts.survivors} leftover process(es) of its group` : base;
  return { code, signal, reason, byUs, uptimeMs: raw.uptimeMs, at: raw.at, detail };
}
