// The module's warm spare as plain data: which spare is current, and what a crash or its own
// death means for it. The process lives in the `standby` actor; this is only what the machine knows.
import type { ExitRecord } from '../../src/process/types.js';
import { standbyDeaths, standbyDelay } from '../policies/standby-delay.js';
import type { ModuleContext, StandbyInput } from './types.js';

export type SpareStatus = 'starting' | 'ready' | 'replacing';

export interface SpareState {
  /** Tells this spare's events from those of spares already dropped. */
  generation: number;
  instanceId: string | null;
  pid: number | null;
  /** `starting` until its hello is held, `ready` then; `replacing` while a replacement waits its delay. */
  status: SpareStatus;
  /** Spares that died in a row; drives the replacement delay. */
  deaths: number;
  /** Epoch ms at which a waiting replacement starts, for display. */
  replaceAt: number | null;
}

/** The module keeps a spare: standby is on and there is a spec to spawn it from. */
export function wantsSpare(context: ModuleContext): boolean {
  return context.policy.standby === true && context.spec !== null;
}

/** The event names the current spare (by generation, or by instance id once it is known). */
export function isCurrentSpare(context: ModuleContext, ref: { generation?: number; instanceId?: string }): boolean {
  const spare = context.spare;
  if (spare === null) return false;
  if (ref.generation !== undefined) return ref.generation === spare.generation;
  return ref.instanceId !== undefined && ref.instanceId === spare.instanceId;
}

/** A spawned spare can take over a crash restart that the policy makes immediate. */
export function spareAdoptable(context: ModuleContext): boolean {
  const spare = context.spare;
  return spare !== null && spare.pid !== null && spare.instanceId !== null && spare.status !== 'replacing' && context.spec !== null && context.backoffMs <= 0;
}

/** A new spare: its state in the context and the input of its actor. */
export function nextSpare(context: ModuleContext, deaths: number, delayMs: number, now: number): { spare: SpareState; input: StandbyInput } {
  const generation = context.spareGenerations + 1;
  const spare: SpareState = {
    generation,
    instanceId: null,
    pid: null,
    status: delayMs > 0 ? 'replacing' : 'starting',
    deaths,
    replaceAt: delayMs > 0 ? now + delayMs : null,
  };
  return { spare, input: { spec: context.spec!, generation, delayMs } };
}

/** Deaths in a row and the delay before the replacement of a spare that ended with `exit`. */
export function replacementAfter(context: ModuleContext, exit: ExitRecord): { deaths: number; delayMs: number } {
  const deaths = standbyDeaths(context.spare?.deaths ?? 0, exit.uptimeMs, context.policy.reset_after);
  return { deaths, delayMs: standbyDelay(deaths) };
}
