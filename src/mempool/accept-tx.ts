// Mempool acceptance: a transaction is judged as if it were the only one after the mempool in
// the next block, with the same input rules and script checks as block connection
// (src/chain/block-inputs.ts) plus the mempool's policy: standard spends only, no conflict with
// a mempool transaction, a minimum fee rate and the size bounds.
import { checkTxSpends, scriptFlags, type ScriptTally } from '../chain/block-inputs.js';
import { readCoins } from '../chain/chain-coins.js';
import { readTxLocation } from '../chain/chain-rows.js';
import type { ChainCore } from '../chain/chain-core.js';
import { outpointKey, type Coin } from '../chain/coins.js';
import { toDisplayHex } from '../chain/hash.js';
import { outputType } from '../chain/script-types.js';
import { isCoinbase, txid as txidOf, txSize } from '../chain/tx-codec.js';
import { checkTransactionShape } from '../chain/tx-rules.js';
import type { Transaction } from '../chain/types.js';
import type { RuleName } from '../chain/verdict.js';
import type { MempoolPolicy } from './mempool-policy.js';
import { rejectTx, type RejectRule } from './mempool-reject.js';
import type { PoolEntry, PoolState } from './pool-state.js';

const SPEND_RULES: Partial<Record<RuleName, RejectRule>> = { 'coinbase-maturity': 'immature-coinbase', amounts: 'in-below-out', scripts: 'bad-signature' };

/** Judges `tx` against the UTXO set in `core`'s file and `pool`; returns its entry or throws the refusal. */
export async function acceptTx(core: ChainCore, pool: PoolState, tx: Transaction, raw: Buffer, policy: MempoolPolicy, time: number): Promise<PoolEntry> {
  const id = toDisplayHex(txidOf(tx));
  const refuse = (rule: RejectRule, what: string): never => {
    throw rejectTx(rule, id, what);
  };
  if (isCoinbase(tx)) refuse('coinbase', 'a coinbase is only valid as the first transaction of a block');
  const shape = checkTransactionShape(core.params, tx);
  if (shape) refuse('malformed', `${shape.message} (${shape.code})`);
  const weight = txSize(tx, false) * 3 + txSize(tx, true);
  const vsize = Math.ceil(weight / 4);
  if (weight > policy.maxTxWeight) refuse('tx-too-large', `weight ${weight} exceeds the limit ${policy.maxTxWeight}`);
  if (pool.entries.has(id)) refuse('already-known', 'it is already in the mempool');
  const confirmedIn = await readTxLocation(core.db, id);
  if (confirmedIn !== undefined) refuse('already-known', `it is already confirmed in block ${confirmedIn.block_hash}`);
  tx.outputs.forEach((o, i) => {
    if (outputType(o.scriptPubKey) === 'nonstandard') refuse('non-standard', `output ${i} pays to a non-standard script`);
  });

  const height = core.active.height + 1;
  const keys = tx.inputs.map((input) => outpointKey(toDisplayHex(input.prevTxid), input.prevIndex));
  keys.forEach((key, i) => {
    const spender = pool.spentBy.get(key);
    if (spender !== undefined) refuse('conflict', `input ${i} spends ${key}, already spent by mempool tx ${spender}`);
  });
  const stored = await readCoins(core.db, keys);
  const coins: Coin[] = keys.map((key, i) => stored.get(key) ?? pool.output(key, height) ?? refuse('missing-inputs', `input ${i} spends ${key}, which is neither an unspent output nor an output of a mempool tx`));

  const scripts: ScriptTally = { verified: {}, notExecuted: {}, unknownPrevout: 0, failed: 0 };
  const failures: { rule: RejectRule; text: string }[] = [];
  const fee = checkTxSpends(tx, id, coins, height, scriptFlags(core.params, height), scripts, (rule, code, text) =>
    failures.push({ rule: SPEND_RULES[rule] ?? 'malformed', text: `${text} (${code})` }),
  );
  if (failures.length > 0) refuse(failures[0].rule, failures.map((f) => f.text).join('; '));
  const notExecuted = Object.keys(scripts.notExecuted);
  if (notExecuted.length > 0) refuse('non-standard', `it spends outputs blvm does not execute (${notExecuted.join(', ')}); only P2PKH, P2WPKH, P2SH-P2WPKH and P2TR key path spends are accepted`);
  const paid = fee as bigint;
  const required = BigInt(Math.ceil(policy.minFeeRate * vsize));
  if (paid < required) refuse('insufficient-fee', `fee ${paid} sat for ${vsize} vB is below the minimum ${required} sat (${policy.minFeeRate} sat/vB)`);
  if (pool.entries.size >= policy.maxCount) refuse('mempool-full', `the mempool holds its maximum of ${policy.maxCount} transactions`);
  if (pool.bytes + raw.length > policy.maxBytes) refuse('mempool-full', `${raw.length} more bytes would exceed the mempool's ${policy.maxBytes} bytes (${pool.bytes} held)`);
  return { txid: id, tx, raw, fee: paid, vsize, weight, time };
}
