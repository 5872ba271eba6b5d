// The real side effects behind each module supervisor: verification, loading, the process.
import { fromPromise } from 'xstate';
import type { ModuleEffects, VerifyOutput } from '../../actors/module/types.js';
import type { NodeConfig } from '../config/types.js';
import { errorText } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { createProcessActor } from '../process/process-actor.js';
import type { SpawnSpec } from '../process/types.js';
import type { PidRegistry } from '../process/pid-registry.js';
import type { ModuleServer } from '../ipc/module-server.js';
import { prepareModule } from '../supervision/prepare-module.js';
import type { RollbackState } from '../trust/rollback-state.js';
import { verifyModule, type VerificationReport } from '../trust/verify-module.js';

export interface EffectDeps {
  config: NodeConfig;
  /** Module name → its directory; grows when a module is hot-loaded. */
  dirs: Map<string, string>;
  rollback: RollbackState;
  ipc: ModuleServer;
  registry: PidRegistry;
  log: Logger;
  onOutput: (module: string, line: string) => void;
  onVerified: (module: string, report: VerificationReport) => void;
  /** Applied in order to every spawn spec before the process starts (fault injection). */
  spawnHooks: readonly SpawnHook[];
}

export type SpawnHook = (spec: SpawnSpec) => Promise<SpawnSpec>;

function dirOf(deps: EffectDeps, module: string): string {
  const dir = deps.dirs.get(module);
  if (!dir) throw new Error(`module ${module} has no known directory`);
  return dir;
}

export function createModuleEffects(deps: EffectDeps): ModuleEffects {
  return {
    verify: fromPromise<VerifyOutput, { module: string }>(async ({ input }) => {
      const report = await verifyModule(dirOf(deps, input.module), deps.config, { rollback: deps.rollback });
      deps.onVerified(input.module, report);
      if (report.ok && report.version) await deps.rollback.recordAccepted(input.module, report.version);
      if (!report.ok) deps.log.warn('module rejected', { module: input.module, problems: report.problems });
      return { ok: report.ok, version: report.version, problems: report.problems };
    }),
    prepare: fromPromise(async ({ input }) => {
      try {
        let spec = await prepareModule(deps.config, input.module, dirOf(deps, input.module));
        for (const hook of deps.spawnHooks) spec = await hook(spec);
        return spec;
      } catch (error) {
        deps.log.warn('module could not be loaded', { module: input.module, reason: errorText(error) });
        throw error;
      }
    }),
    process: createProcessActor({
      ipc: deps.ipc,
      registry: deps.registry,
      log: deps.log,
      onOutput: deps.onOutput,
    }),
  };
}
