// The running actor tree and everything the operator surface asks of it.
import { createActor, type AnyActorRef } from 'xstate';
import { createModuleMachine, createNodeMachine } from '../../actors/index.js';
import type { ModuleContext, PersistedModule, QuarantineRecord } from '../../actors/module/types.js';
import type { NodeConfig } from '../config/types.js';
import { rejectionAdvice } from '../deps/rejection-advice.js';
import { BlvmError } from '../errors.js';
import type { ModuleServer } from '../ipc/module-server.js';
import type { Logger } from '../log/logger.js';
import type { PidRegistry } from '../process/pid-registry.js';
import type { Store } from '../store/index.js';
import type { ExitRecord } from '../process/types.js';
import { planModules, type ModulePlan, type PlannedModule } from '../deps/plan.js';
import type { ModuleDetails, ModuleStatus, NodeStatus } from '../supervision/status-types.js';
import { trustedDevelopmentKeys } from '../trust/development-keys.js';
import { isCritical } from '../supervision/effective-policy.js';
import { failureReason } from '../supervision/failure-reason.js';
import { resolvePolicy, settleTimeoutMs } from '../supervision/resolved-policy.js';
import { refreshModuleOverride } from '../config/refresh-module.js';
import { nodeSocketPath, verifiedSnapshotsDir } from '../supervision/module-paths.js';
import type { RollbackState } from '../trust/rollback-state.js';
import { SnapshotStore } from '../trust/snapshot-store.js';
import type { VerificationReport } from '../trust/verify-module.js';
import { NODE_VERSION } from '../version.js';
import { createModuleEffects, type AdmissionCheck, type SpawnHook } from './module-effects.js';
import { moduleStatus, topPhase, type ModuleSnapshotLike } from './module-view.js';
import { OutputTails } from './output-tails.js';
import { ModuleLogSinks } from '../process/module-log-sinks.js';
import { TransitionRecorder } from './transition-recorder.js';
import { wireIpcEvents } from './ipc-wiring.js';

export interface RuntimeDeps {
  config: NodeConfig;
  log: Logger;
  store: Store;
  ipc: ModuleServer;
  registry: PidRegistry;
  rollback: RollbackState;
}

type Command = 'start' | 'stop' | 'restart' | 'reload' | 'release';
/** A planned module without its verification report. */
type PlanFacts = Omit<PlannedModule, 'report'>;

/** What an operator command led to; `ok` false means the module ended rejected, quarantined or failing. */
export interface CommandOutcome {
  name: string;
  phase: string;
  ok: boolean;
  message: string;
}

export class NodeRuntime {
  readonly tails = new OutputTails();
  /** Spawn-spec adjustments applied before every start (see module-effects.ts). */
  readonly spawnHooks: SpawnHook[] = [];
  /** Checks a verified module must pass before it loads (the payment service adds its licence check). */
  readonly admissionChecks: AdmissionCheck[] = [];
  readonly recorder: TransitionRecorder;
  readonly finished: Promise<void>;
  private readonly startedAt = Date.now();
  /** When blvm.toml was last read: at start, then by every successful `blvm reload`. */
  configLoadedAt = Date.now();
  private readonly dirs = new Map<string, string>();
  /** The plan's facts per module; its verification report lives only in `reports`, which each verification replaces. */
  private readonly planned = new Map<string, PlanFacts>();
  private readonly reports = new Map<string, VerificationReport>();
  private readonly statusDecorators: ((status: ModuleStatus) => ModuleStatus)[] = [];
  private readonly actor;
  private stopping = false;
  private readonly logSinks = new ModuleLogSinks();

  private constructor(
    private readonly deps: RuntimeDeps,
    plan: PlannedModule[],
    order: string[],
    persisted: Map<string, PersistedModule>,
  ) {
    this.recorder = new TransitionRecorder(deps.store, this.tails, deps.log);
    for (const m of plan) this.remember(m);
    const effects = createModuleEffects({
      spawnHooks: this.spawnHooks,
      admissionChecks: this.admissionChecks,
      config: deps.config,
      dirs: this.dirs,
      rollback: deps.rollback,
      snapshots: new SnapshotStore(verifiedSnapshotsDir(deps.config.node.data_dir)),
      snapshotsInUse: () => this.snapshotsInUse(),
      ipc: deps.ipc,
      registry: deps.registry,
      log: deps.log,
      onOutput: (module, line) => this.tails.push(module, line),
      logSinks: this.logSinks,
      onVerified: (module, report) => this.reports.set(module, report),
    });
    const machine = createNodeMachine(createModuleMachine(effects));
    this.actor = createActor(machine, {
      input: { modules: order.map((name, index) => this.moduleInput(name, index, persisted.get(name))) },
      inspect: this.recorder.inspect,
    });
    this.finished = new Promise<void>((resolve) => {
      this.actor.subscribe({
        complete: () => resolve(),
        error: (error) => {
          deps.log.error('node supervisor failed; stopping', { reason: String(error) });
          resolve();
        },
      });
    });
    wireIpcEvents(deps.ipc, (name) => this.moduleActor(name), deps.log, this.logSinks);
  }

  static async create(deps: RuntimeDeps): Promise<NodeRuntime> {
    const plan = await planModules(deps.config, { rollback: deps.rollback });
    for (const m of plan.modules.filter((p) => p.verdict !== 'loadable')) {
      deps.log.warn(`module ${m.name} will not be loaded (${m.verdict})`, {
        reasons: m.reasons,
        to_load_it: rejectionAdvice(deps.config, m.name, m.reasons),
      });
    }
    const persisted = new Map<string, PersistedModule>();
    for (const rec of await deps.store.listModules()) {
      persisted.set(rec.name, {
        desired: rec.desired,
        quarantine: (rec.quarantine as QuarantineRecord | null) ?? null,
        restarts: rec.restarts,
      });
    }
    return new NodeRuntime(deps, plan.modules, plan.order, persisted);
  }

  private moduleInput(name: string, order: number, persisted?: PersistedModule) {
    const m = this.planned.get(name)!;
    const policy = resolvePolicy(this.deps.config, name);
    return {
      name,
      requires: m.requires,
      optional: m.optional.filter((o) => this.planned.get(o)?.verdict === 'loadable'),
      order,
      policy: policy.supervision,
      critical: policy.critical,
      persisted,
    };
  }

  start(): void {
    this.actor.start();
  }

  /** The running config: services hold this object, a live reload updates it in place. */
  get config(): NodeConfig {
    return this.deps.config;
  }

  /** Plans every module of the modules dir against the running config. */
  plan(): Promise<ModulePlan> {
    return planModules(this.deps.config, { rollback: this.deps.rollback });
  }

  /** Takes a fresh verdict for a module no machine supervises (status shows its new reasons). */
  notePlanned(entry: PlannedModule): void {
    if (this.moduleActor(entry.name)) return;
    this.remember(entry);
  }

  // The plan's report is kept once, in `reports`: the planned entry holding it too kept a stale
  // copy of every module's manifest, signatures and checks after the module's own verification.
  private remember(entry: PlannedModule): void {
    const { report, ...facts } = entry;
    this.planned.set(entry.name, facts);
    this.dirs.set(entry.name, entry.dir);
    this.reports.set(entry.name, report);
  }

  /** Gives a supervised module its policy resolved from the running config, for its next decision. */
  adoptPolicy(name: string): void {
    this.actor.send({ type: 'policy', name, policy: resolvePolicy(this.deps.config, name).supervision });
  }

  plannedNames(): string[] {
    return [...this.planned.keys()];
  }

  moduleActor(name: string): AnyActorRef | undefined {
    return this.actor.system.get(`module:${name}`) as AnyActorRef | undefined;
  }

  private snapshotOf(name: string): ModuleSnapshotLike | null {
    const ref = this.moduleActor(name);
    return ref ? (ref.getSnapshot() as ModuleSnapshotLike) : null;
  }

  /** Instance id of the module's warm spare, when it has one. */
  standbyInstanceId(name: string): string | null {
    return this.snapshotOf(name)?.context.spare?.instanceId ?? null;
  }

  /** Lets a daemon service add its fields (resources, sandbox, ...) to every module status. */
  addStatusDecorator(decorate: (status: ModuleStatus) => ModuleStatus): void {
    this.statusDecorators.push(decorate);
  }

  moduleStatus(name: string): ModuleStatus {
    return this.statusDecorators.reduce((status, decorate) => decorate(status), this.baseStatus(name));
  }

  private baseStatus(name: string): ModuleStatus {
    const m = this.planned.get(name);
    if (!m) throw new BlvmError('not_found', `no module named "${name}" (known: ${this.plannedNames().join(', ') || 'none'})`);
    const facts = { name, version: m.version, requires: m.requires, optional: m.optional, critical: isCritical(this.deps.config, name) };
    const snapshot = this.snapshotOf(name);
    if (snapshot) {
      const status = moduleStatus(snapshot, facts, Date.now());
      // Evidence restored from the store carries its own tail; a fresh quarantine takes the live one.
      if (status.quarantine && !status.quarantine.log_tail) {
        status.quarantine = { ...status.quarantine, log_tail: this.tails.get(name, 20) };
      }
      if (status.phase === 'rejected') status.advice = rejectionAdvice(this.deps.config, name, status.problems);
      return status;
    }
    return {
      ...facts,
      phase: m.verdict === 'disabled' ? 'stopped' : 'rejected',
      state: m.verdict === 'disabled' ? 'stopped' : 'rejected',
      pid: null,
      restarts: 0,
      uptime_ms: null,
      last_exit: null,
      desired: m.verdict === 'disabled' ? 'disabled' : 'enabled',
      backoff_until: null,
      problems: m.reasons,
      advice: m.verdict === 'disabled' ? undefined : rejectionAdvice(this.deps.config, name, m.reasons),
      quarantine: null,
      snapshot: null,
    };
  }

  async moduleDetails(name: string): Promise<ModuleDetails> {
    const status = this.moduleStatus(name);
    const snapshot = this.snapshotOf(name);
    const stored = (await this.deps.store.listExits(name, EXITS_SHOWN)).map((e) => e.exit);
    const exits = mergeExits(stored, snapshot?.context.lastExits ?? [], EXITS_SHOWN);
    const report = this.reports.get(name);
    return {
      ...status,
      dir: this.planned.get(name)!.dir,
      last_exits: exits,
      verification: report
        ? { ok: report.ok, problems: report.problems, signatures: report.signatures, capabilities: report.capabilities }
        : null,
      log_tail: this.tails.get(name, 20),
    };
  }

  listModules(): ModuleStatus[] {
    return this.plannedNames().map((name) => this.moduleStatus(name));
  }

  nodeStatus(): NodeStatus {
    const modules = this.listModules();
    const store = this.deps.store.health();
    const degraded = store.state === 'failing' || modules.some((m) => m.critical && m.phase === 'quarantined');
    return {
      node: {
        version: NODE_VERSION,
        network: this.deps.config.node.network,
        pid: process.pid,
        uptime_ms: Date.now() - this.startedAt,
        data_dir: this.deps.config.node.data_dir,
        status: this.stopping ? 'stopping' : degraded ? 'degraded' : 'running',
        socket: nodeSocketPath(this.deps.config.node.data_dir),
        development_keys: trustedDevelopmentKeys(this.deps.config),
        config_file: this.deps.config.file,
        config_loaded_at: new Date(this.configLoadedAt).toISOString(),
      },
      store,
      modules,
    };
  }

  /**
   * `blvm module load`: starts a known module, or hot-loads one that is new in the modules
   * dir (or was refused at start and is loadable now) after planning it against the others.
   */
  async load(name: string): Promise<CommandOutcome> {
    if (this.moduleActor(name)) return this.command(name, 'start');
    const plan = await this.plan();
    const entry = plan.modules.find((m) => m.name === name);
    if (!entry) {
      throw new BlvmError('not_found', `no module named "${name}" in ${this.deps.config.modules.modules_dir}`);
    }
    if (entry.verdict !== 'loadable') {
      throw new BlvmError('conflict', `module ${name} cannot be loaded (${entry.verdict}): ${entry.reasons.join('; ')}`);
    }
    const missing = entry.requires.filter((dep) => !this.moduleActor(dep));
    if (missing.length > 0) {
      throw new BlvmError('conflict', `module ${name} requires ${missing.join(', ')}, which the running node does not supervise; load it first`);
    }
    this.remember(entry);
    const record = await this.deps.store.getModule(name);
    const persisted: PersistedModule = {
      desired: 'enabled',
      quarantine: (record?.quarantine as QuarantineRecord | null) ?? null,
      restarts: record?.restarts ?? 0,
    };
    this.actor.send({ type: 'module.add', module: this.moduleInput(name, this.planned.size, persisted) });
    this.deps.log.info('module hot-loaded', { module: name, version: entry.version, dir: entry.dir });
    return this.outcome(name, 'start', await this.waitSettled(name, SETTLED, this.settleTimeout(name)));
  }

  /**
   * Sends an operator command and waits (bounded) until the module settles. A reload first
   * re-reads the module's [modules.<name>] table from blvm.toml, so its config and policy apply.
   */
  async command(name: string, command: Command): Promise<CommandOutcome> {
    const status = this.moduleStatus(name);
    if (!this.moduleActor(name)) {
      throw new BlvmError('conflict', `module ${name} is ${status.phase} and cannot be ${command}ed: ${status.problems.join('; ')}`);
    }
    if (command === 'release' && status.phase !== 'quarantined') {
      throw new BlvmError('conflict', `module ${name} is not quarantined (phase ${status.phase})`);
    }
    if (command === 'reload') await refreshModuleOverride(this.deps.config, name);
    const policy = command === 'reload' ? resolvePolicy(this.deps.config, name).supervision : undefined;
    this.actor.send({ type: 'command', name, command, ...(policy ? { policy } : {}) });
    const settled = await this.waitSettled(name, command === 'stop' ? ['stopped'] : SETTLED, this.settleTimeout(name));
    return this.outcome(name, command, settled);
  }

  // Success is `stopped` for a stop, running (or waiting for its dependencies) for the rest.
  private async outcome(name: string, command: Command, phase: string): Promise<CommandOutcome> {
    const ok = command === 'stop' ? phase === 'stopped' : RUNNING.includes(phase);
    if (ok) return { name, phase, ok, message: `module ${name}: ${phase}` };
    const reason = failureReason(await this.moduleDetails(name));
    return { name, phase, ok, message: `module ${name}: ${phase}: ${reason}` };
  }

  private settleTimeout(name: string): number {
    return settleTimeoutMs(resolvePolicy(this.deps.config, name).supervision);
  }

  private waitSettled(name: string, phases: string[], timeoutMs: number): Promise<string> {
    const ref = this.moduleActor(name);
    if (!ref) return Promise.resolve('unknown');
    const phaseOf = () => topPhase((ref.getSnapshot() as ModuleSnapshotLike).value);
    return new Promise((resolve) => {
      if (phases.includes(phaseOf())) return resolve(phaseOf());
      const timer = setTimeout(() => done(), timeoutMs);
      const sub = ref.subscribe(() => {
        if (phases.includes(phaseOf())) done();
      });
      const done = () => {
        clearTimeout(timer);
        sub.unsubscribe();
        resolve(phaseOf());
      };
    });
  }

  /** Stops every module in reverse dependency order; resolves when the node machine is done. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.actor.send({ type: 'shutdown' });
    await this.finished;
    this.actor.stop();
  }

  /** Last resort on a second Ctrl-C: SIGKILL every module process group we started. */
  forceKill(): void {
    for (const entry of this.deps.registry.entries()) {
      try {
        process.kill(-entry.pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  private snapshotsInUse(): string[] {
    return this.plannedNames().flatMap((name) => this.contextOf(name)?.snapshot?.id ?? []);
  }

  contextOf(name: string): ModuleContext | null {
    return this.snapshotOf(name)?.context ?? null;
  }
}

const EXITS_SHOWN = 10;

// Exits of earlier daemon runs are only in the store; the live machine knows this run's (maybe not yet written).
function mergeExits(stored: ExitRecord[], live: ExitRecord[], limit: number): ExitRecord[] {
  const byKey = new Map([...stored, ...live].map((e) => [`${e.at}:${e.reason}:${e.code}:${e.signal}`, e]));
  return [...byKey.values()].sort((a, b) => a.at - b.at).slice(-limit);
}

const SETTLED = ['monitoring', 'rejected', 'quarantined', 'backoff', 'stopped', 'waitingForDependencies'];
const RUNNING = ['monitoring', 'waitingForDependencies'];
