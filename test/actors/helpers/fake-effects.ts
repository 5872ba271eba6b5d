import { fromPromise } from 'xstate';
import type { SpawnSpec } from '../../../src/process/types.js';
import type { VerifiedSnapshot } from '../../../src/trust/snapshot-types.js';
import type { ModuleEffects, PrepareInput, VerifyOutput } from '../../../actors/module/types.js';
import type { FakeProcesses } from './fake-process.js';

export function fakeSpec(module: string): SpawnSpec {
  return {
    module,
    command: 'node',
    args: ['main.js'],
    cwd: `/data/modules/${module}`,
    env: {},
    logDir: `/data/modules/${module}/logs`,
    logMaxFileSize: 1_048_576,
    logMaxFiles: 3,
    stopGrace: 10_000,
    killGrace: 5_000,
    pingInterval: 5_000,
    capabilities: [],
    rlimits: {},
  };
}

/** A verified snapshot as the real verification would produce it; `n` tells verifications apart. */
export function fakeSnapshot(n: number): VerifiedSnapshot {
  const id = n.toString(16).padStart(64, '0');
  return {
    id,
    dir: `/data/run/verified/${id}`,
    treeHash: `sha256:${id}`,
    manifestHash: `sha256:${id}`,
    entryPath: `/data/run/verified/${id}/main.js`,
    version: '1.0.0',
    capabilities: [],
    provides: [],
  };
}

export interface FakeEffectOptions {
  /** Verdict per call; an Error makes the verification promise reject. */
  verify?: (module: string) => VerifyOutput | Error;
  prepare?: (module: string) => SpawnSpec | Error;
}

export interface EffectCalls {
  verify: string[];
  prepare: string[];
  /** The snapshot id each `loading` was given (null when it got none). */
  preparedFrom: (string | null)[];
}

export function fakeEffects(processes: FakeProcesses, options: FakeEffectOptions = {}): { effects: ModuleEffects; calls: EffectCalls } {
  const calls: EffectCalls = { verify: [], prepare: [], preparedFrom: [] };
  const effects: ModuleEffects = {
    verify: fromPromise<VerifyOutput, { module: string }>(async ({ input }) => {
      calls.verify.push(input.module);
      const verdict = options.verify?.(input.module) ?? { ok: true, version: '1.0.0', problems: [] };
      if (verdict instanceof Error) throw verdict;
      // Like the real verification, a passed one comes with the snapshot of what was verified.
      if (verdict.ok && !('snapshot' in verdict)) return { ...verdict, snapshot: fakeSnapshot(calls.verify.length) };
      return verdict;
    }),
    prepare: fromPromise<SpawnSpec, PrepareInput>(async ({ input }) => {
      calls.prepare.push(input.module);
      calls.preparedFrom.push(input.snapshot?.id ?? null);
      const spec = options.prepare?.(input.module) ?? fakeSpec(input.module);
      if (spec instanceof Error) throw spec;
      return spec;
    }),
    process: processes.logic,
    standby: processes.standbyLogic,
  };
  return { effects, calls };
}
