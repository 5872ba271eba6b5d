import { bitsHex, decodeBits, targetHex } from './compact-target.js';
import { bytesEqual, hashToBigInt, toDisplayHex } from './hash.js';
import type { NetworkParams } from './params.js';
import { expectedBits } from './retarget.js';
import type { BlockHeader } from './types.js';
import { fail, pass, unchecked, type RuleResult } from './verdict.js';

/**
 * What is known about the parent of the header being checked. Anything left undefined
 * makes the rules that need it report "unchecked" instead of guessing.
 */
export interface ParentContext {
  /** Parent's height; -1 means there is no parent (the header must be genesis); undefined = unknown. */
  height?: number;
  /** Parent's hash, internal byte order. */
  hash?: Uint8Array;
  bits?: number;
  time?: number;
  /** Times of the parent and its consecutive ancestors, oldest first, ending at the parent (the last 11 are used). */
  recentTimes: readonly number[];
  /** Time of the first header of the parent's difficulty period. */
  periodStartTime?: number;
  /** Bits of the parent or its latest ancestor that starts a period or is not at the pow limit (testnet/regtest rule). */
  lastNonMinBits?: number;
  /** Cumulative work through the parent. */
  chainwork?: bigint;
}

/** Context-free proof-of-work rules: bits decode to a valid target within the pow limit, and hash ≤ target. */
export function checkProofOfWork(params: NetworkParams, header: BlockHeader, hash: Uint8Array): RuleResult[] {
  const { target, negative, overflow } = decodeBits(header.bits);
  const bits = bitsHex(header.bits);
  let problem: string | undefined;
  if (negative) problem = `bits ${bits} encode a negative target`;
  else if (overflow) problem = `bits ${bits} encode a target that overflows 256 bits`;
  else if (target === 0n) problem = `bits ${bits} encode a zero target`;
  else if (target > params.powLimit) {
    problem = `bits ${bits} target ${targetHex(target)} exceeds the ${params.network} pow limit ${targetHex(params.powLimit)}`;
  }
  if (problem !== undefined) {
    return [fail('target', 'bad-target', problem), unchecked('pow', `proof of work not checked: bits ${bits} are not a valid target`)];
  }
  const value = hashToBigInt(hash);
  const pow =
    value <= target
      ? pass('pow', `hash is below the target of bits ${bits}`)
      : fail('pow', 'high-hash', `hash ${toDisplayHex(hash)} is above the target ${targetHex(target)} of bits ${bits}`);
  return [pass('target', `bits ${bits} within the ${params.network} pow limit`), pow];
}

/** All header rules: proof of work, then genesis identity or linkage, median time, clock, bits and version floors. */
export function checkHeader(
  params: NetworkParams,
  header: BlockHeader,
  hash: Uint8Array,
  parent: ParentContext,
  now: number,
): RuleResult[] {
  const results = checkProofOfWork(params, header, hash);
  if (parent.height === -1) {
    results.push(
      bytesEqual(hash, params.genesisHash)
        ? pass('genesis', `header is the ${params.network} genesis`)
        : fail('genesis', 'bad-genesis', `header at height 0 has hash ${toDisplayHex(hash)}, not the ${params.network} genesis ${toDisplayHex(params.genesisHash)}`),
    );
    results.push(checkFutureTime(params, header, now));
    return results;
  }
  const height = parent.height === undefined ? undefined : parent.height + 1;
  results.push(checkLink(header, parent, height));
  results.push(checkMedianTime(params, header, parent));
  results.push(checkFutureTime(params, header, now));
  results.push(checkBits(params, header, parent, height));
  results.push(checkVersion(params, header, height));
  return results;
}

function checkLink(header: BlockHeader, parent: ParentContext, height: number | undefined): RuleResult {
  const at = height === undefined ? 'the parent' : `height ${height - 1}`;
  if (parent.hash === undefined) return unchecked('link', `previous header (${at}) unknown: link not checked`);
  if (bytesEqual(header.prevHash, parent.hash)) return pass('link', `prev_block is the hash of ${at}`);
  return fail('link', 'bad-prevblk', `prev_block ${toDisplayHex(header.prevHash)} is not the hash of ${at} ${toDisplayHex(parent.hash)}`);
}

// Median-time-past of the parent: the median of its last (up to) 11 times. With only some of
// them known the check can still pass: once more than half are known, the k-th smallest known
// time bounds the true median from above (adding unknown times can only lower an order statistic).
function checkMedianTime(params: NetworkParams, header: BlockHeader, parent: ParentContext): RuleResult {
  const span = params.medianTimeSpan;
  const needed = parent.height === undefined ? span : Math.min(span, parent.height + 1);
  const known = parent.recentTimes.slice(-needed).sort((a, b) => a - b);
  const k = Math.floor(needed / 2);
  if (known.length >= needed) {
    const mtp = known[k];
    if (header.time > mtp) return pass('median-time', `time ${header.time} is after median-time-past ${mtp}`);
    return fail('median-time', 'time-too-old', `time ${header.time} (${iso(header.time)}) is not after median-time-past ${mtp} (${iso(mtp)}) of the previous ${needed} headers`);
  }
  if (known.length > k && header.time > known[k]) {
    return pass('median-time', `time ${header.time} is after ${known[k]}, an upper bound of median-time-past (${known.length} of ${needed} previous times known)`);
  }
  return unchecked('median-time', `median-time-past not checked: only ${known.length} of the previous ${needed} header times known`);
}

function checkFutureTime(params: NetworkParams, header: BlockHeader, now: number): RuleResult {
  const limit = now + params.maxFutureBlockTime;
  if (header.time <= limit) return pass('future-time', `time ${header.time} is not more than ${params.maxFutureBlockTime} s ahead of now`);
  return fail('future-time', 'time-too-new', `time ${header.time} (${iso(header.time)}) is more than ${params.maxFutureBlockTime} s after now ${now} (${iso(now)})`);
}

function checkBits(params: NetworkParams, header: BlockHeader, parent: ParentContext, height: number | undefined): RuleResult {
  if (height === undefined) return unchecked('bits', 'expected bits not checked: height unknown');
  const expected = expectedBits(params, {
    height,
    time: header.time,
    tipBits: parent.bits,
    tipTime: parent.time,
    periodStartTime: parent.periodStartTime,
    lastNonMinBits: parent.lastNonMinBits,
  });
  if (expected.kind === 'missing') return unchecked('bits', `expected bits not checked: ${expected.reason}`);
  if (header.bits === expected.bits) return pass('bits', `bits ${bitsHex(header.bits)} as required (${expected.reason})`);
  return fail('bits', 'bad-diffbits', `bits ${bitsHex(header.bits)} at height ${height} differ from the required ${bitsHex(expected.bits)} (${expected.reason})`);
}

function checkVersion(params: NetworkParams, header: BlockHeader, height: number | undefined): RuleResult {
  if (height === undefined) return unchecked('version', 'version floor not checked: height unknown');
  const floors: [number, number, string][] = [
    [4, params.bip65Height, 'BIP65'],
    [3, params.bip66Height, 'BIP66'],
    [2, params.bip34Height, 'BIP34'],
  ];
  for (const [min, from, bip] of floors) {
    if (height >= from && header.version < min) {
      return fail('version', 'bad-version', `version ${header.version} (0x${(header.version >>> 0).toString(16).padStart(8, '0')}) at height ${height} is below ${min}, required by ${bip} from height ${from}`);
    }
  }
  return pass('version', `version ${header.version} meets the floor at height ${height}`);
}

function iso(t: number): string {
  return new Date(t * 1000).toISOString();
}
