import { BlvmError } from '../errors.js';
import { coinbaseCommitsToHeight, heightPush, readBip34Height } from './bip34.js';
import { blockSize, strippedSize } from './block-codec.js';
import { checkBlockInputs, NO_COINS, type CoinView, type ScriptTally } from './block-inputs.js';
import { checkCoinbase, checkMerkle, checkSize, checkUniqueTxids, checkWeight } from './block-rules.js';
import { blockHash } from './header-codec.js';
import { checkHeader, type ParentContext } from './header-rules.js';
import { toDisplayHex } from './hash.js';
import { blockTxids } from './merkle.js';
import type { NetworkParams } from './params.js';
import { hasWitness, isCoinbase } from './tx-codec.js';
import { checkTransactions } from './tx-rules.js';
import type { Block } from './types.js';
import { fail, makeVerdict, pass, unchecked, type RuleName, type RuleResult, type Verdict } from './verdict.js';
import { checkWitnessCommitment } from './witness-rules.js';

export interface BlockValidationOptions {
  params: NetworkParams;
  /** The validator's clock, unix seconds (for the 2-hour future limit). */
  now: number;
  /** Block height, when known: enables the BIP34 and version-floor rules and picks segwit activation. */
  height?: number;
  /** "coinbase": the height was read from this block's own BIP34 push, so BIP34 cannot be checked against it. */
  heightSource?: 'given' | 'coinbase';
  /** The parent header's context; without it the link, median-time and bits rules report unchecked. */
  parent?: ParentContext;
  /**
   * The coins the block may spend (default: none, so only spends within the block are checked);
   * 'at-connect': leave the input rules out, the chain store runs them when it connects the block.
   */
  coins?: CoinView | 'at-connect';
}

export interface BlockVerdict extends Verdict {
  /** Display hash. */
  hash: string;
  height?: number;
  txCount: number;
  size: number;
  strippedSize: number;
  weight: number;
  witnessTxCount: number;
  /** Script execution counts, when the input rules ran. */
  scripts?: ScriptTally;
}

const INPUT_RULES: readonly RuleName[] = ['inputs', 'coinbase-maturity', 'amounts', 'coinbase-amount', 'bip30', 'scripts'];

/** Every header and block rule blvm checks, in Bitcoin Core's order (header, CheckBlock, contextual). */
export function validateBlock(block: Block, options: BlockValidationOptions): BlockVerdict {
  const { params, height } = options;
  if (options.parent?.height !== undefined && height !== undefined && options.parent.height !== height - 1) {
    throw new BlvmError('usage', `block height ${height} does not follow the given parent height ${options.parent.height}`);
  }
  const hash = blockHash(block.header);
  const parent: ParentContext = options.parent ?? { height: height === undefined ? undefined : height - 1, recentTimes: [] };
  const results: RuleResult[] = checkHeader(params, block.header, hash, parent, options.now);
  const txids = blockTxids(block.transactions);
  const size = blockSize(block);
  const stripped = strippedSize(block);
  const weight = stripped * 3 + size;
  results.push(...checkMerkle(block, txids));
  results.push(checkSize(params, block.transactions.length, stripped));
  results.push(checkCoinbase(block));
  results.push(checkTransactions(params, block.transactions));
  results.push(checkUniqueTxids(txids));
  results.push(checkBip34(params, block, height, options.heightSource ?? 'given'));
  results.push(checkWitnessCommitment(params, block, height, txids));
  results.push(checkWeight(params, weight));
  let scripts: ScriptTally | undefined;
  if (options.coins !== 'at-connect') {
    if (height === undefined) results.push(...INPUT_RULES.map((rule) => unchecked(rule, 'block height unknown: the input rules need it')));
    else {
      const inputs = checkBlockInputs(params, block, toDisplayHex(hash), height, txids, options.coins ?? NO_COINS);
      results.push(...inputs.results);
      scripts = inputs.scripts;
    }
  }
  return {
    ...makeVerdict(results),
    hash: toDisplayHex(hash),
    height,
    txCount: block.transactions.length,
    size,
    strippedSize: stripped,
    weight,
    witnessTxCount: block.transactions.filter(hasWitness).length,
    scripts,
  };
}

function checkBip34(params: NetworkParams, block: Block, height: number | undefined, source: 'given' | 'coinbase'): RuleResult {
  if (height === undefined) return unchecked('bip34-height', 'block height unknown: BIP34 coinbase height not checked');
  if (height < params.bip34Height) return pass('bip34-height', `not required below height ${params.bip34Height}`);
  if (source === 'coinbase') {
    return unchecked('bip34-height', `height ${height} was read from this coinbase, so it cannot be checked against it`);
  }
  const coinbase = block.transactions[0];
  if (coinbase === undefined || !isCoinbase(coinbase)) return unchecked('bip34-height', 'no coinbase to read a height from');
  if (coinbaseCommitsToHeight(coinbase, height)) return pass('bip34-height', `coinbase commits to height ${height}`);
  const read = readBip34Height(coinbase);
  const found = read === undefined ? 'no BIP34 height push' : `height ${read}`;
  return fail('bip34-height', 'bad-cb-height', `coinbase scriptSig starts with ${found}, not the push of height ${height} (${heightPush(height).toString('hex')})`);
}
