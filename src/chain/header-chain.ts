import { workFromBits } from './compact-target.js';
import { blockHash } from './header-codec.js';
import { toDisplayHex } from './hash.js';
import { checkHeader, type ParentContext } from './header-rules.js';
import type { NetworkParams } from './params.js';
import type { BlockHeader } from './types.js';
import { makeVerdict, type Verdict } from './verdict.js';

export interface HeaderVerdict extends Verdict {
  /** Height of the header, when the chain's height is known. */
  height?: number;
  /** Position inside the run being validated. */
  index: number;
  /** Display hash. */
  hash: string;
}

export interface RunReport {
  count: number;
  firstHeight?: number;
  lastHeight?: number;
  firstHash?: string;
  lastHash?: string;
  /** No header failed a rule. */
  valid: boolean;
  /** Every rule of every header could be evaluated. */
  complete: boolean;
  /** Verdicts of headers that failed some rule. */
  failed: HeaderVerdict[];
  /** Verdicts of headers that failed nothing but had some rule unchecked for lack of context. */
  incomplete: HeaderVerdict[];
  /** Cumulative work through the last header, when the starting chainwork was known. */
  chainwork?: bigint;
}

// Validates a contiguous run of headers one by one, carrying forward what each rule needs:
// parent hash/bits/time, the last 11 times, the period start time, the testnet
// min-difficulty bits and cumulative work. Every header becomes the next one's parent
// whether it passed or not, so a run reports each header against its predecessor in the run.
export class HeaderChain {
  readonly params: NetworkParams;
  private parent: ParentContext & { recentTimes: number[] };

  /** Starts after `parent`; by default before genesis (the first header must be the network's genesis). */
  constructor(params: NetworkParams, parent: ParentContext = { height: -1, recentTimes: [], chainwork: 0n }) {
    this.params = params;
    this.parent = { ...parent, recentTimes: parent.recentTimes.slice(-params.medianTimeSpan) };
  }

  /** What the next header will be checked against. */
  get tip(): Readonly<ParentContext> {
    return { ...this.parent, recentTimes: this.parent.recentTimes.slice() };
  }

  /** Height the next header will have, if known. */
  get nextHeight(): number | undefined {
    return this.parent.height === undefined ? undefined : this.parent.height + 1;
  }

  /** Verdict for `header` as the next header, without moving the tip. */
  check(header: BlockHeader, now: number, index = 0, hash: Uint8Array = blockHash(header)): HeaderVerdict {
    const verdict = makeVerdict(checkHeader(this.params, header, hash, this.parent, now));
    return { ...verdict, height: this.nextHeight, index, hash: toDisplayHex(hash) };
  }

  /** Makes `header` the new tip (without validating it). */
  advance(header: BlockHeader, hash: Uint8Array = blockHash(header)): void {
    const p = this.parent;
    const height = this.nextHeight;
    p.recentTimes.push(header.time);
    if (p.recentTimes.length > this.params.medianTimeSpan) p.recentTimes.shift();
    const periodStart = height !== undefined && height % this.params.retargetInterval === 0;
    if (periodStart) p.periodStartTime = header.time;
    else if (height === undefined) p.periodStartTime = undefined;
    if (periodStart || header.bits !== this.params.powLimitBits) p.lastNonMinBits = header.bits;
    else if (height === undefined) p.lastNonMinBits = undefined;
    if (p.chainwork !== undefined) p.chainwork += workFromBits(header.bits);
    p.height = height;
    p.hash = hash;
    p.bits = header.bits;
    p.time = header.time;
  }

  /** check + advance. */
  add(header: BlockHeader, now: number, index = 0): HeaderVerdict {
    const hash = blockHash(header);
    const verdict = this.check(header, now, index, hash);
    this.advance(header, hash);
    return verdict;
  }

  /** Validates `headers` in order from the current tip; keeps only the verdicts that failed or were incomplete. */
  validateRun(headers: readonly BlockHeader[], now: number): RunReport {
    const report: RunReport = { count: headers.length, valid: true, complete: true, failed: [], incomplete: [] };
    report.firstHeight = this.nextHeight;
    for (let i = 0; i < headers.length; i++) {
      const v = this.add(headers[i], now, i);
      if (i === 0) report.firstHash = v.hash;
      if (i === headers.length - 1) report.lastHash = v.hash;
      if (!v.complete) report.complete = false;
      if (!v.valid) report.failed.push(v);
      else if (!v.complete) report.incomplete.push(v);
    }
    report.valid = report.failed.length === 0;
    report.lastHeight = this.parent.height === -1 ? undefined : this.parent.height;
    report.chainwork = this.parent.chainwork;
    return report;
  }
}
