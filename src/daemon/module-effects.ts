// The real side effects behind each module supervisor: verification (into a read-only snapshot),
// loading (from that snapshot only), the process.
import { fromPromise } from 'xstate';
import type { ModuleEffects, PrepareInput, VerifyOutput } from '../../actors/module/types.js';
import type { NodeConfig } from '../config/types.js';
import { BlvmError, errorText } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { createProcessActor } from '../process/process-actor.js';
import type { ProcessActorDeps } from '../process/actor-deps.js';
import { createStandbyActor } from '../process/standby-actor.js';
import type { SpawnSpec } from '../process/types.js';
import type { PidRegistry } from '../process/pid-registry.js';
import type { ModuleServer } from '../ipc/module-server.js';
import { prepareModule } from '../supervision/prepare-module.js';
import type { RollbackState } from '../trust/rollback-state.js';
import type { ModuleLogSinks } from '../process/module-log-sinks.js';
import type { SnapshotStore } from '../trust/snapshot-store.js';
import { verifySnapshot } from '../trust/verified-snapshot.js';
import type { VerifiedSnapshot } from '../trust/snapshot-types.js';
import { parseManifest } from '../manifest/parse.js';
import { MANIFEST_FILE, type Manifest } from '../manifest/types.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VerificationReport } from '../trust/verify-module.js';

export interface EffectDeps {
  config: NodeConfig;
  /** Module name → its directory; grows when a module is hot-loaded. */
  dirs: Map<string, string>;
  rollback: RollbackState;
  snapshots: SnapshotStore;
  /** Ids of the snapshots the module machines hold right now (never garbage-collected). */
  snapshotsInUse: () => string[];
  ipc: ModuleServer;
  registry: PidRegistry;
  log: Logger;
  onOutput: (module: string, line: string) => void;
  logSinks: ModuleLogSinks;
  onVerified: (module: string, report: VerificationReport) => void;
  /** Applied in order to every spawn spec before the process starts (fault injection). */
  spawnHooks: readonly SpawnHook[];
  /** Run on every verified snapshot before it is accepted. */
  admissionChecks: readonly AdmissionCheck[];
}

export type SpawnHook = (spec: SpawnSpec) => Promise<SpawnSpec>;

/** A last word on a verified module before it may load: a problem rejects it (e.g. payment_required). */
export type AdmissionCheck = (module: string, manifest: Manifest) => Promise<string | undefined>;

// Problems the admission checks raise against the snapshot's manifest; none = the module may load.
async function admissionProblems(deps: EffectDeps, module: string, snapshot: VerifiedSnapshot): Promise<string[]> {
  if (deps.admissionChecks.length === 0) return [];
  const manifest = parseManifest(await readFile(join(snapshot.dir, MANIFEST_FILE), 'utf8'), join(snapshot.dir, MANIFEST_FILE));
  const problems: string[] = [];
  for (const check of deps.admissionChecks) {
    const problem = await check(module, manifest);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}

function dirOf(deps: EffectDeps, module: string): string {
  const dir = deps.dirs.get(module);
  if (!dir) throw new Error(`module ${module} has no known directory`);
  return dir;
}

async function collectGarbage(deps: EffectDeps): Promise<void> {
  try {
    const removed = await deps.snapshots.collect(deps.snapshotsInUse());
    if (removed.length > 0) deps.log.debug('removed unused verified snapshots', { removed: removed.join(',') });
  } catch (error) {
    deps.log.warn('unused verified snapshots could not be removed', { reason: errorText(error) });
  }
}

export function createModuleEffects(deps: EffectDeps): ModuleEffects {
  // One set of process deps for both actors, so a process actor can adopt the standby actor's spare.
  const processDeps: ProcessActorDeps = {
    ipc: deps.ipc,
    registry: deps.registry,
    log: deps.log,
    onOutput: deps.onOutput,
    logSinks: deps.logSinks,
    spares: new Map(),
  };
  return {
    verify: fromPromise<VerifyOutput, { module: string }>(async ({ input }) => {
      const { report, snapshot } = await verifySnapshot(input.module, dirOf(deps, input.module), deps.config, deps.snapshots, { rollback: deps.rollback });
      deps.onVerified(input.module, report);
      const refused = snapshot === null ? [] : await admissionProblems(deps, input.module, snapshot);
      if (refused.length > 0) {
        deps.log.warn('module rejected', { module: input.module, problems: refused });
        return { ok: false, version: snapshot?.version, problems: refused };
      }
      if (snapshot !== null) {
        await deps.rollback.recordAccepted(input.module, snapshot.version);
        const signatures = report.signatures.from_cache === true ? 'from the verification cache' : 'verified';
        deps.log.info('module verified', { module: input.module, version: snapshot.version, snapshot: snapshot.id, tree_hash: snapshot.treeHash, signatures });
        await collectGarbage(deps);
        return { ok: true, version: snapshot.version, problems: [], snapshot };
      }
      deps.log.warn('module rejected', { module: input.module, problems: report.problems });
      return { ok: false, version: report.version, problems: report.problems.length > 0 ? report.problems : ['verification produced no snapshot'] };
    }),
    prepare: fromPromise<SpawnSpec, PrepareInput>(async ({ input }) => {
      try {
        if (input.snapshot === null) throw new BlvmError('internal', `module ${input.module} has no verified snapshot to load`);
        let spec = await prepareModule(deps.config, input.module, input.snapshot, dirOf(deps, input.module));
        for (const hook of deps.spawnHooks) spec = await hook(spec);
        return spec;
      } catch (error) {
        deps.log.warn('module could not be loaded', { module: input.module, reason: errorText(error) });
        throw error;
      }
    }),
    process: createProcessActor(processDeps),
    standby: createStandbyActor(processDeps),
  };
}
