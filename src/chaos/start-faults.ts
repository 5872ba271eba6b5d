// Faults that act on a module's next starts (crash-loop, slow-start): a spawn hook consumes
// them one start at a time.
import type { SpawnSpec } from '../process/types.js';

export type StartFault =
  | { kind: 'crash-loop'; remaining: number }
  | { kind: 'slow-start'; remaining: number; delayMs: number };

export class StartFaults {
  private readonly pending = new Map<string, StartFault>();

  set(module: string, fault: StartFault): void {
    this.pending.set(module, fault);
  }

  clear(module: string): void {
    this.pending.delete(module);
  }

  /** The spawn hook: rewrites the spec of a module that has a pending start fault. */
  readonly hook = async (spec: SpawnSpec): Promise<SpawnSpec> => {
    const fault = this.pending.get(spec.module);
    if (!fault) return spec;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.pending.delete(spec.module);
    return fault.kind === 'crash-loop' ? failingStart(spec) : delayedStart(spec, fault.delayMs);
  };
}

// The start fails the way a broken module fails: it exits 1 before any handshake.
function failingStart(spec: SpawnSpec): SpawnSpec {
  const script = 'process.stderr.write("blvm chaos: forced start failure\\n"); process.exit(1)';
  return { ...spec, command: process.execPath, args: ['-e', script] };
}

// The real module runs, but only after the delay: its handshake comes late.
function delayedStart(spec: SpawnSpec, delayMs: number): SpawnSpec {
  const seconds = (delayMs / 1000).toFixed(3);
  return { ...spec, command: '/bin/sh', args: ['-c', `sleep ${seconds}; exec "$0" "$@"`, spec.command, ...spec.args] };
}

