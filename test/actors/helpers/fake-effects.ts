import { fromPromise } from 'xstate';
import type { SpawnSpec } from '../../../src/process/types.js';
import type { ModuleEffects, VerifyOutput } from '../../../actors/module/types.js';
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

export interface FakeEffectOptions {
  /** Verdict per call; an Error makes the verification promise reject. */
  verify?: (module: string) => VerifyOutput | Error;
  prepare?: (module: string) => SpawnSpec | Error;
}

export interface EffectCalls {
  verify: string[];
  prepare: string[];
}

export function fakeEffects(processes: FakeProcesses, options: FakeEffectOptions = {}): { effects: ModuleEffects; calls: EffectCalls } {
  const calls: EffectCalls = { verify: [], prepare: [] };
  const effects: ModuleEffects = {
    verify: fromPromise<VerifyOutput, { module: string }>(async ({ input }) => {
      calls.verify.push(input.module);
      const verdict = options.verify?.(input.module) ?? { ok: true, version: '1.0.0', problems: [] };
      if (verdict instanceof Error) throw verdict;
      return verdict;
    }),
    prepare: fromPromise<SpawnSpec, { module: string }>(async ({ input }) => {
      calls.prepare.push(input.module);
      const spec = options.prepare?.(input.module) ?? fakeSpec(input.module);
      if (spec instanceof Error) throw spec;
      return spec;
    }),
    process: processes.logic,
  };
  return { effects, calls };
}
