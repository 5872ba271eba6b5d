// The rules that need the outputs a block spends (Bitcoin Core's ConnectBlock): inputs exist and
// are unspent (also within the block), coinbase maturity, input ≥ output amounts, the coinbase
// claim against subsidy + fees, BIP30, and the scripts of standard spends. Pure: the caller
// supplies the coins, either the whole UTXO set (the chain store) or none (a block validated
// on its own, where spends of earlier blocks' outputs stay unknown and are reported so).
import { outpointKey, type Coin, type KeyedCoin } from './coins.js';
import { toDisplayHex } from './hash.js';
import { blockSubsidy, type NetworkParams } from './params.js';
import { isUnspendable } from './script-types.js';
import { TxDigests, type SpentOutput } from './sighash.js';
import { isCoinbase } from './tx-codec.js';
import { MAX_MONEY } from './tx-rules.js';
import type { Block, Transaction } from './types.js';
import { verifyInput, type ScriptFlags } from './verify-input.js';
import { fail, NOT_EXECUTED, pass, unchecked, type FailureCode, type RuleName, type RuleResult } from './verdict.js';

export const COINBASE_MATURITY = 100;
const LISTED = 3;

/** The coins a block may spend from before it. */
export interface CoinView {
  get(key: string): Coin | undefined;
  /** True: the view is the whole UTXO set, so a coin it lacks is missing or spent. False: unknown. */
  readonly complete: boolean;
}

/** A view with no coins, for a block validated without the chain before it. */
export const NO_COINS: CoinView = { get: () => undefined, complete: false };

/** How the block's inputs fared in script execution. */
export interface ScriptTally {
  verified: Record<string, number>;
  notExecuted: Record<string, number>;
  /** Inputs whose spent output is unknown (validated without the chain before the block). */
  unknownPrevout: number;
  failed: number;
}

export interface BlockInputs {
  results: RuleResult[];
  /** Coins of the view the block spends, in order: the undo record. */
  spent: KeyedCoin[];
  /** Spendable outputs the block creates and leaves unspent. */
  created: KeyedCoin[];
  scripts: ScriptTally;
}

/** Mainnet's two blocks whose coinbases duplicate earlier ones (BIP30 exceptions). */
const BIP30_EXCEPTIONS = new Set(['00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec', '00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721']);

/** Runs every input rule over `block` at `height` against `view`; `txids` are the block's txids. */
export function checkBlockInputs(params: NetworkParams, block: Block, blockHash: string, height: number, txids: readonly Uint8Array[], view: CoinView): BlockInputs {
  const flags = scriptFlags(params, height);
  const problems = new Map<RuleName, { code: FailureCode; list: string[] }>();
  const problem: ProblemSink = (rule, code, text) => {
    const p = problems.get(rule) ?? { code, list: [] };
    p.list.push(text);
    problems.set(rule, p);
  };
  const created = new Map<string, Coin>();
  const spentInBlock = new Set<string>();
  const spent: KeyedCoin[] = [];
  const scripts: ScriptTally = { verified: {}, notExecuted: {}, unknownPrevout: 0, failed: 0 };
  let fees = 0n;
  let feesKnown = true;
  let unknownInputs = 0;
  let inputCount = 0;
  const bip30 = view.complete && height < params.bip34Height && !BIP30_EXCEPTIONS.has(blockHash);

  block.transactions.forEach((tx, t) => {
    const id = toDisplayHex(txids[t]);
    if (!isCoinbase(tx)) {
      const coins: (Coin | undefined)[] = tx.inputs.map((input, i) => {
        inputCount++;
        const key = outpointKey(toDisplayHex(input.prevTxid), input.prevIndex);
        if (spentInBlock.has(key)) {
          problem('inputs', 'bad-txns-inputs-missingorspent', `tx ${id} input ${i} spends ${key}, already spent in this block`);
          return undefined;
        }
        spentInBlock.add(key);
        const local = created.get(key);
        if (local) {
          created.delete(key);
          return local;
        }
        const coin = view.get(key);
        if (coin) spent.push({ key, coin });
        else if (view.complete) problem('inputs', 'bad-txns-inputs-missingorspent', `tx ${id} input ${i} spends ${key}, which is not an unspent output`);
        else unknownInputs++;
        return coin;
      });
      const fee = checkTxSpends(tx, id, coins, height, flags, scripts, problem);
      if (fee === undefined) feesKnown &&= coins.every((c) => c !== undefined);
      else fees += fee;
    }
    tx.outputs.forEach((o, vout) => {
      if (isUnspendable(o.scriptPubKey)) return;
      const key = outpointKey(id, vout);
      if (bip30 && view.get(key) !== undefined) problem('bip30', 'bad-txns-BIP30', `tx ${id} output ${vout} would overwrite an unspent output of the same txid`);
      created.set(key, { value: o.value, script: o.scriptPubKey, height, coinbase: t === 0 });
    });
  });

  const results: RuleResult[] = [];
  const verdict = (rule: RuleName, ok: string, open?: string): void => {
    const p = problems.get(rule);
    if (p) results.push(fail(rule, p.code, listed(p.list)));
    else if (open !== undefined) results.push(unchecked(rule, open));
    else results.push(pass(rule, ok));
  };
  const unknownText = unknownInputs > 0 ? `${unknownInputs} of ${inputCount} inputs spend outputs of earlier blocks, unknown without the chain before this block` : undefined;
  verdict('inputs', `${inputCount} inputs spend unspent outputs, none twice`, unknownText);
  verdict('coinbase-maturity', `no coinbase output spent before ${COINBASE_MATURITY} confirmations`, unknownText);
  verdict('amounts', 'every transaction spends at least what it pays out', unknownText);
  const subsidy = blockSubsidy(params, height);
  const claimed = block.transactions[0]?.outputs.reduce((sum, o) => sum + o.value, 0n) ?? 0n;
  if (feesKnown && claimed > subsidy + fees) problem('coinbase-amount', 'bad-cb-amount', `coinbase pays ${claimed} sat, above subsidy ${subsidy} + fees ${fees}`);
  verdict('coinbase-amount', `coinbase pays ${claimed} sat of subsidy ${subsidy} + fees ${fees}`, feesKnown ? undefined : 'fees unknown: some inputs spend outputs of earlier blocks');
  if (height >= params.bip34Height) verdict('bip30', 'implied by BIP34 (coinbases commit to their height)');
  else verdict('bip30', 'no transaction overwrites an unspent output', view.complete || height === 0 ? undefined : 'earlier outputs unknown without the chain before this block');
  results.push(scriptsResult(problems.get('scripts'), scripts));
  return { results, spent, created: [...created].map(([key, coin]) => ({ key, coin })), scripts };
}


/** Which script rules apply to a block at `height`. */
export function scriptFlags(params: NetworkParams, height: number): ScriptFlags {
  return {
    segwit: height >= params.segwitHeight,
    taproot: params.taprootHeight !== null && height >= params.taprootHeight,
    strictDer: height >= params.bip66Height,
  };
}

/** Collects one rule failure. */
export type ProblemSink = (rule: RuleName, code: FailureCode, text: string) => void;

/**
 * Coinbase maturity, amounts and scripts of the non-coinbase `tx` (display txid `id`) spending
 * `coins` (undefined: unknown) in a block at `height`. Returns the fee when every coin is known
 * and the amounts are valid; the block and the mempool both judge spends with it.
 */
export function checkTxSpends(tx: Transaction, id: string, coins: readonly (Coin | undefined)[], height: number, flags: ScriptFlags, scripts: ScriptTally, problem: ProblemSink): bigint | undefined {
  let valueIn = 0n;
  coins.forEach((coin, i) => {
    if (coin === undefined) return;
    if (coin.coinbase && height - coin.height < COINBASE_MATURITY) {
      problem('coinbase-maturity', 'bad-txns-premature-spend-of-coinbase', `tx ${id} input ${i} spends the coinbase of height ${coin.height} at depth ${height - coin.height} (needs ${COINBASE_MATURITY})`);
    }
    valueIn += coin.value;
  });
  const known = coins.every((c) => c !== undefined);
  const valueOut = tx.outputs.reduce((sum, o) => sum + o.value, 0n);
  let fee: bigint | undefined;
  if (!known) fee = undefined;
  else if (valueIn > MAX_MONEY) problem('amounts', 'bad-txns-inputvalues-outofrange', `tx ${id} spends ${valueIn} sat, above the money supply`);
  else if (valueIn < valueOut) problem('amounts', 'bad-txns-in-belowout', `tx ${id} spends ${valueIn} sat but pays out ${valueOut} sat`);
  else fee = valueIn - valueOut;
  const spentOutputs = known ? (coins as Coin[]).map((c): SpentOutput => ({ value: c.value, scriptPubKey: c.script })) : undefined;
  const digests = new TxDigests(tx, spentOutputs);
  coins.forEach((coin, i) => {
    if (coin === undefined) {
      scripts.unknownPrevout++;
      return;
    }
    const v = verifyInput(digests, i, { value: coin.value, scriptPubKey: coin.script }, flags);
    if (v.outcome === 'verified') scripts.verified[v.type] = (scripts.verified[v.type] ?? 0) + 1;
    else if (v.outcome === 'not-executed') scripts.notExecuted[v.type] = (scripts.notExecuted[v.type] ?? 0) + 1;
    else {
      scripts.failed++;
      problem('scripts', 'mandatory-script-verify-flag-failed', `tx ${id} input ${i} (${v.type}): ${v.reason}`);
    }
  });
  return fee;
}

function scriptsResult(failed: { code: FailureCode; list: string[] } | undefined, s: ScriptTally): RuleResult {
  if (failed) return fail('scripts', failed.code, listed(failed.list));
  const verified = Object.values(s.verified).reduce((a, b) => a + b, 0);
  const text = `${verified} inputs verified${tally(s.verified)}`;
  const open = [...(s.unknownPrevout > 0 ? [`${s.unknownPrevout} with unknown previous outputs`] : []), ...Object.entries(s.notExecuted).map(([k, n]) => `${n} ${k}`)];
  if (open.length === 0) return pass('scripts', text);
  return unchecked('scripts', `${text}; not executed: ${open.join(', ')}`, NOT_EXECUTED);
}

function tally(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([k, n]) => `${k} ${n}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function listed(list: string[]): string {
  return list.length <= LISTED ? list.join('; ') : `${list.slice(0, LISTED).join('; ')}; and ${list.length - LISTED} more`;
}
