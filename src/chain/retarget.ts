import { decodeBits, encodeTarget } from './compact-target.js';
import type { NetworkParams } from './params.js';

export interface RetargetResult {
  bits: number;
  /** Last header's time minus the period's first header's time. */
  actualTimespan: number;
  /** actualTimespan after clamping to [timespan/4, timespan×4]. */
  usedTimespan: number;
  /** "fast": clamped up to timespan/4 (difficulty rose by the 4× maximum); "slow": clamped down to timespan×4. */
  clamp: 'none' | 'fast' | 'slow';
  /** The new target was easier than the pow limit and was replaced by it. */
  limitedByPowLimit: boolean;
}

/** Bitcoin Core's CalculateNextWorkRequired: new bits at a period boundary. */
export function calculateRetarget(params: NetworkParams, lastBits: number, firstTime: number, lastTime: number): RetargetResult {
  const actualTimespan = lastTime - firstTime;
  if (params.noRetargeting) {
    return { bits: lastBits, actualTimespan, usedTimespan: actualTimespan, clamp: 'none', limitedByPowLimit: false };
  }
  const min = Math.floor(params.targetTimespan / 4);
  const max = params.targetTimespan * 4;
  let usedTimespan = actualTimespan;
  let clamp: RetargetResult['clamp'] = 'none';
  if (usedTimespan < min) {
    usedTimespan = min;
    clamp = 'fast';
  } else if (usedTimespan > max) {
    usedTimespan = max;
    clamp = 'slow';
  }
  let target = (decodeBits(lastBits).target * BigInt(usedTimespan)) / BigInt(params.targetTimespan);
  const limitedByPowLimit = target > params.powLimit;
  if (limitedByPowLimit) target = params.powLimit;
  return { bits: encodeTarget(target), actualTimespan, usedTimespan, clamp, limitedByPowLimit };
}

export interface WorkContext {
  /** Height of the header whose bits are being checked. */
  height: number;
  /** Its timestamp (testnet's min-difficulty rule depends on it). */
  time: number;
  /** Parent header's bits and time. */
  tipBits?: number;
  tipTime?: number;
  /** Time of the first header of the parent's difficulty period (needed at retarget heights). */
  periodStartTime?: number;
  /** Bits of the parent's most recent ancestor that is a period start or not at the pow limit (min-difficulty rule). */
  lastNonMinBits?: number;
}

export type ExpectedBits =
  | { kind: 'known'; bits: number; reason: string; retarget?: RetargetResult }
  | { kind: 'missing'; reason: string };

/** Bitcoin Core's GetNextWorkRequired for a header at `ctx.height` > 0, or what context it lacks. */
export function expectedBits(params: NetworkParams, ctx: WorkContext): ExpectedBits {
  if (ctx.height % params.retargetInterval !== 0) {
    if (params.allowMinDifficultyBlocks) {
      if (ctx.tipTime === undefined) return { kind: 'missing', reason: 'parent time unknown (min-difficulty rule)' };
      if (ctx.time > ctx.tipTime + 2 * params.targetSpacing) {
        return { kind: 'known', bits: params.powLimitBits, reason: `min-difficulty: more than ${(2 * params.targetSpacing) / 60} minutes after the parent` };
      }
      if (ctx.lastNonMinBits === undefined) return { kind: 'missing', reason: 'bits of the last non-min-difficulty block unknown' };
      return { kind: 'known', bits: ctx.lastNonMinBits, reason: 'bits of the last non-min-difficulty block' };
    }
    if (ctx.tipBits === undefined) return { kind: 'missing', reason: 'parent bits unknown' };
    return { kind: 'known', bits: ctx.tipBits, reason: 'unchanged within a difficulty period' };
  }
  if (ctx.tipBits === undefined) return { kind: 'missing', reason: 'parent bits unknown' };
  if (params.noRetargeting) return { kind: 'known', bits: ctx.tipBits, reason: `${params.network} never retargets` };
  if (ctx.tipTime === undefined || ctx.periodStartTime === undefined) {
    return {
      kind: 'missing',
      reason: `retarget at ${ctx.height} needs the times of headers ${ctx.height - params.retargetInterval} and ${ctx.height - 1}`,
    };
  }
  const retarget = calculateRetarget(params, ctx.tipBits, ctx.periodStartTime, ctx.tipTime);
  const clampText = retarget.clamp === 'none' ? '' : ` clamped to ${retarget.usedTimespan} s (${retarget.clamp === 'fast' ? '4× harder max' : '4× easier max'})`;
  const limitText = retarget.limitedByPowLimit ? ', limited to the pow limit' : '';
  return {
    kind: 'known',
    bits: retarget.bits,
    reason: `retarget at ${ctx.height}: actual timespan ${retarget.actualTimespan} s${clampText}${limitText}`,
    retarget,
  };
}
