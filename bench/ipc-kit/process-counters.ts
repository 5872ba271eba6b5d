// Per-process counters the IPC benchmarks report per request: CPU time, read and write system
// calls (/proc/self/io) and sleeps (voluntary context switches: each a wait for the peer).
import { readFileSync } from 'node:fs';

export type Counters = Record<'userUs' | 'systemUs' | 'reads' | 'writes' | 'sleeps', number>;

const field = (text: string, name: string): number => Number(new RegExp(`${name}:\\s*(\\d+)`).exec(text)?.[1] ?? NaN);

/** This process's counters so far (CPU in µs). */
export function processCounters(): Counters {
  const io = readFileSync('/proc/self/io', 'utf8');
  const status = readFileSync('/proc/self/status', 'utf8');
  const cpu = process.cpuUsage();
  return { userUs: cpu.user, systemUs: cpu.system, reads: field(io, 'syscr'), writes: field(io, 'syscw'), sleeps: field(status, 'voluntary_ctxt_switches') };
}

/** after − before for every counter. */
export function counterDelta(before: Counters, after: Counters): Counters {
  const out = { ...before };
  for (const k of Object.keys(before) as (keyof Counters)[]) out[k] = after[k] - before[k];
  return out;
}
