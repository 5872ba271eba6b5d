import { bytesEqual, toDisplayHex } from './hash.js';
import { merkleRoot } from './merkle.js';
import type { NetworkParams } from './params.js';
import { isCoinbase } from './tx-codec.js';
import type { Block } from './types.js';
import { fail, pass, type RuleResult } from './verdict.js';

const WITNESS_SCALE_FACTOR = 4;

/** Header merkle root equals the root of the txids; the tree has no CVE-2012-2459 duplicate-subtree mutation. */
export function checkMerkle(block: Block, txids: readonly Buffer[]): RuleResult[] {
  const { root, mutated } = merkleRoot(txids);
  const rootResult = bytesEqual(root, block.header.merkleRoot)
    ? pass('merkle-root', `merkle root ${toDisplayHex(root)} matches the header`)
    : fail('merkle-root', 'bad-txnmrklroot', `merkle root of the ${txids.length} txids is ${toDisplayHex(root)}, header says ${toDisplayHex(block.header.merkleRoot)}`);
  const mutationResult = mutated
    ? fail('merkle-mutation', 'bad-txns-duplicate', 'merkle tree has two identical adjacent hashes (CVE-2012-2459 duplicate-subtree mutation)')
    : pass('merkle-mutation', 'no duplicate-subtree mutation');
  return [rootResult, mutationResult];
}

export function checkUniqueTxids(txids: readonly Buffer[]): RuleResult {
  const seen = new Map<string, number>();
  for (let i = 0; i < txids.length; i++) {
    const key = txids[i].toString('latin1');
    const first = seen.get(key);
    if (first !== undefined) {
      return fail('unique-txids', 'duplicate-txid', `tx[${i}] repeats the txid ${toDisplayHex(txids[i])} of tx[${first}]`);
    }
    seen.set(key, i);
  }
  return pass('unique-txids', `${txids.length} distinct txids`);
}

/** The first transaction is a coinbase and no other is. */
export function checkCoinbase(block: Block): RuleResult {
  const txs = block.transactions;
  if (txs.length === 0 || !isCoinbase(txs[0])) {
    return fail('coinbase', 'bad-cb-missing', txs.length === 0 ? 'block has no transactions, so no coinbase' : 'first transaction is not a coinbase');
  }
  for (let i = 1; i < txs.length; i++) {
    if (isCoinbase(txs[i])) return fail('coinbase', 'bad-cb-multiple', `tx[${i}] is a second coinbase`);
  }
  return pass('coinbase', 'exactly one coinbase, first');
}

/** Bitcoin Core's bad-blk-length: at least one transaction and stripped size × 4 within the weight limit. */
export function checkSize(params: NetworkParams, n: number, stripped: number): RuleResult {
  if (n === 0) return fail('size', 'bad-blk-length', 'block has no transactions');
  if (n * WITNESS_SCALE_FACTOR > params.maxBlockWeight) {
    return fail('size', 'bad-blk-length', `${n} transactions × ${WITNESS_SCALE_FACTOR} exceeds ${params.maxBlockWeight}`);
  }
  if (stripped * WITNESS_SCALE_FACTOR > params.maxBlockWeight) {
    return fail('size', 'bad-blk-length', `stripped size ${stripped} bytes × ${WITNESS_SCALE_FACTOR} exceeds ${params.maxBlockWeight}`);
  }
  return pass('size', `stripped size ${stripped} bytes × ${WITNESS_SCALE_FACTOR} within ${params.maxBlockWeight}`);
}

export function checkWeight(params: NetworkParams, weight: number): RuleResult {
  if (weight > params.maxBlockWeight) {
    return fail('weight', 'bad-blk-weight', `weight ${weight} exceeds the maximum ${params.maxBlockWeight}`);
  }
  return pass('weight', `weight ${weight} within ${params.maxBlockWeight}`);
}
