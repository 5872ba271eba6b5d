// Module lifecycle events derived from supervisor transitions: loaded = entering `monitoring`
// (the module said ready), unloaded = leaving it, plus crashes, quarantines and every change.
import type { ModuleContext } from '../../actors/module/types.js';
import type { TransitionListener } from '../daemon/transition-recorder.js';
import type { ExitRecord } from '../process/types.js';

export type PublishNodeEvent = (type: string, payload: Record<string, unknown>) => void;

const phaseOf = (state: string): string => state.split('.')[0];

/** Exits that are not a stop the node asked for nor a clean exit of the module's own. */
export function isCrash(exit: ExitRecord): boolean {
  return exit.reason !== 'stopped' && exit.reason !== 'exited';
}

export class ModuleEventDeriver {
  /** Module name → instance id, while the module is in `monitoring`. */
  private readonly loaded = new Map<string, string>();
  private readonly lastExitAt = new Map<string, number>();

  constructor(private readonly publish: PublishNodeEvent) {}

  readonly onTransition: TransitionListener = ({ module, from, to, event, context }) => {
    const fromPhase = phaseOf(from);
    const toPhase = phaseOf(to);
    this.publish('ModuleStateChanged', {
      module_id: context.instanceId ?? this.loaded.get(module) ?? null,
      module_name: module,
      from,
      to,
      from_phase: fromPhase,
      to_phase: toPhase,
      event,
    });
    this.noteExit(module, from === '', context);
    if (fromPhase === 'monitoring' && toPhase !== 'monitoring') this.unloaded(module, context);
    if (toPhase === 'quarantined' && fromPhase !== 'quarantined') {
      this.publish('ModuleQuarantined', {
        module_name: module,
        reason: context.quarantine?.reason ?? 'quarantined',
        since: context.quarantine?.at ?? null,
      });
    }
    if (toPhase === 'monitoring' && fromPhase !== 'monitoring' && context.instanceId) {
      this.loaded.set(module, context.instanceId);
      this.publish('ModuleLoaded', { module_id: context.instanceId, module_name: module, version: context.version });
    }
  };

  // The first observation of a module carries exits of earlier runs: remembered, not announced.
  private noteExit(module: string, first: boolean, context: ModuleContext): void {
    const exit = context.lastExits.at(-1);
    if (!exit || exit.at === this.lastExitAt.get(module)) return;
    this.lastExitAt.set(module, exit.at);
    if (first || !isCrash(exit)) return;
    this.publish('ModuleCrashed', {
      module_id: context.pastInstances.at(-1) ?? null,
      module_name: module,
      reason: exit.reason,
      code: exit.code,
      signal: exit.signal,
      uptime_ms: exit.uptimeMs,
      restarts: context.restarts,
    });
  }

  private unloaded(module: string, context: ModuleContext): void {
    const moduleId = this.loaded.get(module) ?? context.pastInstances.at(-1) ?? null;
    this.loaded.delete(module);
    const reason = context.stopReason ?? context.lastExits.at(-1)?.reason ?? 'unknown';
    this.publish('ModuleUnloaded', { module_id: moduleId, module_name: module, reason });
  }
}
