// Persists what the module supervisors decide: every transition, every exit (with the log
// tail), and the module record (phase, restarts, desired state, quarantine evidence).
import { performance } from 'node:perf_hooks';
import type { InspectionEvent } from 'xstate';
import type { ModuleContext } from '../../actors/module/types.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/index.js';
import { statePath, topPhase } from './module-view.js';
import type { OutputTails } from './output-tails.js';

export interface TransitionListener {
  (change: { module: string; from: string; to: string; event: string; at: number; context: ModuleContext }): void;
}

interface Seen {
  state: string;
  exitsSeen: number;
  lastExitAt: number | null;
}

export class TransitionRecorder {
  private readonly seen = new Map<string, Seen>();
  private readonly listeners = new Set<TransitionListener>();

  constructor(
    private readonly store: Store,
    private readonly tails: OutputTails,
    private readonly log: Logger,
  ) {}

  onTransition(listener: TransitionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The `inspect` callback of the root actor. */
  readonly inspect = (event: InspectionEvent): void => {
    if (event.type !== '@xstate.snapshot') return;
    const name = moduleName(event.actorRef);
    if (!name) return;
    const snapshot = event.snapshot as unknown as { value: unknown; context?: ModuleContext };
    if (!snapshot.context) return;
    try {
      this.record(name, { value: snapshot.value, context: snapshot.context }, event.event.type);
    } catch (error) {
      this.log.error('recording a module transition failed', { module: name, reason: String(error) });
    }
  };

  private record(name: string, snapshot: { value: unknown; context: ModuleContext }, eventType: string): void {
    const ctx = snapshot.context;
    const to = statePath(snapshot.value);
    const prev = this.seen.get(name);
    const now = Date.now();
    const lastExit = ctx.lastExits.at(-1) ?? null;
    if (lastExit && lastExit.at !== prev?.lastExitAt) {
      void this.store.appendExit(name, lastExit, this.tails.get(name, 20));
    }
    this.seen.set(name, { state: to, exitsSeen: ctx.lastExits.length, lastExitAt: lastExit?.at ?? null });
    if (prev?.state === to) return;
    const from = prev?.state ?? '';
    // The stored row and the live listeners carry the same time, so a page merging both knows them as one.
    const at = preciseNow(now);
    void this.store.appendTransition({ at, module: name, from, to, event: eventType });
    // A quarantine restored from the store already carries the tail captured when it began.
    const restoredTail = (ctx.quarantine as { log_tail?: string[] } | null)?.log_tail;
    const quarantine = ctx.quarantine ? { ...ctx.quarantine, log_tail: restoredTail ?? this.tails.get(name, 20) } : null;
    void this.store.upsertModule({
      name,
      version: ctx.version,
      desired: ctx.desired,
      phase: topPhase(snapshot.value),
      state: to,
      restarts: ctx.restarts,
      quarantine,
      verification: ctx.problems.length ? { problems: ctx.problems } : null,
      updated_at: now,
    });
    for (const listener of this.listeners) listener({ module: name, from, to, event: eventType, at, context: ctx });
  }
}

/**
 * `now` to a hundredth of a millisecond from the monotonic clock, while that agrees with the
 * wall clock: restart latencies are measured from these rows and are a few ms (issue 19).
 */
function preciseNow(now: number): number {
  const precise = Math.round((performance.timeOrigin + performance.now()) * 100) / 100;
  return Math.abs(precise - now) < 1 ? precise : now;
}

export function moduleName(actorRef: unknown): string | null {
  const id = (actorRef as { systemId?: string }).systemId;
  return id && id.startsWith('module:') ? id.slice('module:'.length) : null;
}
