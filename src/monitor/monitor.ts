// The resource monitor: every interval, the group sampler reads the stat files of each live
// module instance's process group (sample-groups.ts says when it passes over all of /proc),
// and each instance's sum goes to the watchdog (breaches go to the module's machine as
// `limit.breach`), to an in-memory ring and to the down-sampled trend in the store. Rounds
// never overlap.
import type { LimitReason } from '../../actors/module/types.js';
import type { Limits } from '../config/types.js';
import { errorText } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { TimerLateness } from '../metrics/timer-lateness.js';
import type { PidEntry } from '../process/pid-registry.js';
import type { ModuleResources } from '../supervision/status-types.js';
import { checkLimits, initialLimitState, type LimitState, type UsageSample } from './limit-check.js';
import { ResourceRing } from './resource-ring.js';
import type { ResourceTrend } from './resource-trend.js';
import { GroupSampler } from './sample-groups.js';

export type LimitBreachEvent =
  | { type: 'limit.breach'; reason: LimitReason; kill: boolean; instanceId: string }
  | { type: 'limit.cleared'; reason: LimitReason; instanceId: string };

export interface MonitorDeps {
  /** Live module instances (the pid registry). */
  entries: () => PidEntry[];
  limitsOf: (module: string) => Limits;
  /** Whether an instance is the module's warm spare: counted apart, never judged against the limits. */
  isStandby?: (module: string, instanceId: string) => boolean;
  /** Delivers a breach (or the end of a CPU episode) to the module's supervisor. */
  breach: (module: string, event: LimitBreachEvent) => void;
  log: Logger;
  trend?: ResourceTrend;
  now?: () => number;
  /** Told how late each round's timer fired: the daemon's event-loop delay samples, at no wake-up of their own. */
  lateness?: TimerLateness;
}

export interface MonitorOptions {
  intervalMs: number;
  /** Samples kept per module in memory. */
  ringSize: number;
}

export const DEFAULT_MONITOR_OPTIONS: MonitorOptions = { intervalMs: 1_000, ringSize: 60 };

interface Current {
  instanceId: string;
  at: number;
  cpu_percent: number;
  rss_bytes: number;
  processes: number;
  /** The round that last sampled it: one not sampled in the latest round is dropped. */
  round: number;
}

/** A module instance's watchdog state and the round that last sampled the instance. */
interface Watched {
  state: LimitState;
  round: number;
}

export class Monitor {
  private readonly ring: ResourceRing;
  private readonly states = new Map<string, Watched>();
  private readonly current = new Map<string, Current>();
  private readonly spares = new Map<string, Current>();
  private readonly sampler = new GroupSampler();
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> = Promise.resolve();
  private running = false;
  private rounds = 0;
  /** The sample handed to the ring, the trend and the watchdog, which all copy its values: one object for every module and round. */
  private readonly scratch: UsageSample = { at: 0, cpu_percent: 0, rss_bytes: 0 };

  constructor(
    private readonly deps: MonitorDeps,
    private readonly options: MonitorOptions = DEFAULT_MONITOR_OPTIONS,
  ) {
    this.ring = new ResourceRing(options.ringSize);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.round;
    this.sampler.closeAll();
    await this.deps.trend?.flush();
  }

  /** Live resources of the module's running instance, or null when none was sampled in the last round. */
  resources(module: string): ModuleResources | null {
    const c = this.current.get(module);
    if (!c) return null;
    return {
      cpu_percent: c.cpu_percent,
      rss_bytes: c.rss_bytes,
      processes: c.processes,
      sampled_at: c.at,
      instance_id: c.instanceId,
      history: this.ring.get(module),
    };
  }

  /** Live resources of the module's warm spare, or null when none was sampled in the last round. */
  standbyResources(module: string): Omit<ModuleResources, 'history'> | null {
    const c = this.spares.get(module);
    return c ? { cpu_percent: c.cpu_percent, rss_bytes: c.rss_bytes, processes: c.processes, sampled_at: c.at, instance_id: c.instanceId } : null;
  }

  /** One sampling round (the timer runs these; tests call it directly). */
  sampleOnce(): Promise<void> {
    const next = this.round.then(() => this.sample());
    this.round = next.catch((err: unknown) => this.deps.log.error('resource sampling failed', { error: errorText(err) }));
    return next;
  }

  private schedule(): void {
    if (!this.running) return;
    const lateness = this.deps.lateness;
    const due = lateness?.due(this.options.intervalMs) ?? 0;
    this.timer = setTimeout(() => {
      lateness?.fired(due);
      this.timer = null;
      void this.sampleOnce()
        .catch(() => {})
        .finally(() => this.schedule());
    }, this.options.intervalMs);
    this.timer.unref();
  }

  // Per-module records are updated in place and stamped with the round, so an idle round allocates
  // nothing per module (issue 19); what the round did not sample is dropped at its end.
  private async sample(): Promise<void> {
    const entries = this.deps.entries();
    const usage = this.sampler.sample(entries.map((e) => e.pgid));
    const at = (this.deps.now ?? Date.now)();
    const round = ++this.rounds;
    const sample = this.scratch;
    this.spares.clear();
    for (const entry of entries) {
      const u = usage.get(entry.pgid);
      if (!u || u.processes === 0) continue;
      if (this.deps.isStandby?.(entry.module, entry.instanceId)) {
        this.spares.set(entry.module, { instanceId: entry.instanceId, processes: u.processes, at, cpu_percent: u.cpu_percent, rss_bytes: u.rss_bytes, round });
        continue;
      }
      let current = this.current.get(entry.module);
      if (!current) {
        current = { instanceId: entry.instanceId, processes: 0, at: 0, cpu_percent: 0, rss_bytes: 0, round };
        this.current.set(entry.module, current);
      }
      current.instanceId = entry.instanceId;
      current.processes = u.processes;
      current.at = sample.at = at;
      current.cpu_percent = sample.cpu_percent = u.cpu_percent;
      current.rss_bytes = sample.rss_bytes = u.rss_bytes;
      current.round = round;
      this.ring.push(entry.module, sample);
      this.deps.trend?.add(entry.module, sample);
      this.watch(entry, sample, round);
    }
    for (const [id, watched] of this.states) if (watched.round !== round) this.states.delete(id);
    for (const [module, current] of this.current) if (current.round !== round) this.current.delete(module);
  }

  private watch(entry: PidEntry, sample: UsageSample, round: number): void {
    let watched = this.states.get(entry.instanceId);
    if (!watched) {
      watched = { state: initialLimitState(), round };
      this.states.set(entry.instanceId, watched);
    }
    watched.round = round;
    const state = watched.state;
    const breach = checkLimits(state, sample, this.deps.limitsOf(entry.module));
    if (state.cpuCleared) {
      state.cpuCleared = false;
      this.deps.log.info(`module ${entry.module} back under its cpu limit`, { module: entry.module, instanceId: entry.instanceId });
      this.deps.breach(entry.module, { type: 'limit.cleared', reason: 'cpu_limit', instanceId: entry.instanceId });
    }
    if (!breach) return;
    this.deps.log.warn(`module ${entry.module} over its ${breach.reason.replace('_', ' ')}: ${breach.detail}`, {
      module: entry.module,
      instanceId: entry.instanceId,
      action: breach.kill ? 'stop' : 'degraded',
    });
    this.deps.breach(entry.module, { type: 'limit.breach', reason: breach.reason, kill: breach.kill, instanceId: entry.instanceId });
  }
}
