// Regtest block generation: real proof of work at the regtest target, a BIP34 coinbase, the
// mempool's transactions when the block extends the tip (src/mempool/block-template.ts, their
// fees paid in the coinbase), each block validated and connected by the chain store like any
// imported block.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { BlvmError } from '../errors.js';
import type { ChainStore } from './chain-store.js';
import { blockHash } from './header-codec.js';
import { toDisplayHex } from './hash.js';
import { mineRegtestBlock } from './regtest-miner.js';
import type { Block } from './types.js';
import { selectForBlock } from '../mempool/block-template.js';
import { loadPoolRows } from '../mempool/mempool-rows.js';

export const MAX_GENERATE = 10_000;
/** Generated times run ahead of the clock by at most this much (half the 2-hour future limit). */
const MAX_AHEAD_SECONDS = 3600;

export interface GenerateOptions {
  /** Build the first block on this block instead of the tip; the others extend the new branch. */
  parent?: string;
  /** Output script of the coinbase; default OP_TRUE. */
  payoutScript?: Uint8Array;
  /** Stops between blocks. */
  signal?: AbortSignal;
  /** Clock, unix seconds (default: the system clock). */
  now?: () => number;
}

/** Mines `count` regtest blocks, yielding to the event loop between blocks; returns their hashes in order. */
export async function generateBlocks(store: ChainStore, count: number, options: GenerateOptions = {}): Promise<string[]> {
  if (store.params.network !== 'regtest') {
    throw new BlvmError('usage', `generate mines regtest blocks only, and this node's network is ${store.params.network}`);
  }
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_GENERATE) {
    throw new BlvmError('usage', `block count must be a whole number from 1 to ${MAX_GENERATE}, got ${String(count)}`);
  }
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const hashes: string[] = [];
  let parent = options.parent;
  for (let i = 0; i < count; i++) {
    if (options.signal?.aborted) throw new BlvmError('unavailable', `generate stopped after ${i} of ${count} blocks`);
    const block = await mineNext(store, parent, now(), options.payoutScript);
    const report = await store.acceptBlock(block);
    if (report.rejected) throw new BlvmError('internal', `generated block ${report.hash} was refused: ${report.rejected.problems.join('; ')}`);
    hashes.push(report.hash);
    if (options.parent !== undefined) parent = report.hash;
    await yieldToLoop();
  }
  return hashes;
}

// Time: the later of the clock and the parent's time + 1 (strictly increasing), at most an hour
// ahead of the clock, and always above the median-time-past. A block identical to one already
// stored (same parent, time and coinbase, e.g. after an invalidation) is re-mined a second later.
async function mineNext(store: ChainStore, parent: string | undefined, now: number, payoutScript?: Uint8Array): Promise<Block> {
  const base = await store.miningBase(parent);
  const onTip = base.hash === store.tip().hash;
  const template = onTip ? selectForBlock(await store.inspect((core) => loadPoolRows(core.db)), store.params.maxBlockWeight) : undefined;
  let time = Math.max(Math.min(Math.max(now, base.header.time + 1), now + MAX_AHEAD_SECONDS), base.medianTimePast + 1);
  for (;;) {
    const block = mineRegtestBlock({ prev: base.header, height: base.height + 1, time, payoutScript, extraTxs: template?.txs, fees: template?.fees });
    if (!store.has(toDisplayHex(blockHash(block.header)))) return block;
    time++;
  }
}
