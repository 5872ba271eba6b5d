import { workFromBits } from './compact-target.js';
import { blockHash } from './header-codec.js';
import type { ParentContext } from './header-rules.js';
import type { NetworkParams } from './params.js';
import type { BlockHeader } from './types.js';

export interface KnownHeader {
  height: number;
  header: BlockHeader;
  /** Cumulative work through this header, when known. */
  chainwork?: bigint;
}

/**
 * The parent context for a run starting at `parentHeight + 1`, derived from a sparse set of
 * known headers (e.g. the first and last header of every difficulty period). Takes what is
 * there and leaves the rest undefined, so the rules that need the missing part say so.
 * On networks without the min-difficulty rule the bits are constant within a period, so a
 * period's first header also gives the parent's bits and chainwork.
 */
export function parentContextFromKnown(params: NetworkParams, known: readonly KnownHeader[], parentHeight: number): ParentContext {
  const byHeight = new Map(known.map((k) => [k.height, k]));
  const interval = params.retargetInterval;
  const periodStart = byHeight.get(parentHeight - (parentHeight % interval));
  const parent = byHeight.get(parentHeight);
  const recentTimes: number[] = [];
  for (let h = parentHeight; h >= 0 && recentTimes.length < params.medianTimeSpan; h--) {
    const k = byHeight.get(h);
    if (k === undefined) break;
    recentTimes.unshift(k.header.time);
  }
  const ctx: ParentContext = { height: parentHeight, recentTimes, periodStartTime: periodStart?.header.time };
  if (parent !== undefined) {
    ctx.hash = blockHash(parent.header);
    ctx.bits = parent.header.bits;
    ctx.time = parent.header.time;
    ctx.chainwork = parent.chainwork;
    if (parentHeight % interval === 0 || parent.header.bits !== params.powLimitBits) ctx.lastNonMinBits = parent.header.bits;
  }
  if (!params.allowMinDifficultyBlocks && periodStart !== undefined) {
    const bits = periodStart.header.bits;
    ctx.bits ??= bits;
    ctx.lastNonMinBits ??= bits;
    if (ctx.chainwork === undefined && periodStart.chainwork !== undefined) {
      ctx.chainwork = periodStart.chainwork + BigInt(parentHeight - periodStart.height) * workFromBits(bits);
    }
  }
  return ctx;
}
