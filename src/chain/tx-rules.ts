import { isCoinbase, isNullHash, txSize } from './tx-codec.js';
import type { NetworkParams } from './params.js';
import type { Transaction } from './types.js';
import { fail, pass, type FailureCode, type RuleResult } from './verdict.js';

/** 21 million BTC in satoshis. */
export const MAX_MONEY = 2_100_000_000_000_000n;

interface TxProblem {
  code: FailureCode;
  message: string;
}

// Bitcoin Core's context-free CheckTransaction (no UTXO, no scripts): non-empty inputs and
// outputs, size, output amounts in range, no input spent twice, coinbase script length,
// no null prevout outside the coinbase.
export function checkTransactionShape(params: NetworkParams, tx: Transaction): TxProblem | undefined {
  if (tx.inputs.length === 0) return { code: 'bad-txns-vin-empty', message: 'has no inputs' };
  if (tx.outputs.length === 0) return { code: 'bad-txns-vout-empty', message: 'has no outputs' };
  const stripped = txSize(tx, false);
  if (stripped * 4 > params.maxBlockWeight) return { code: 'bad-txns-oversize', message: `stripped size ${stripped} × 4 exceeds ${params.maxBlockWeight}` };
  let total = 0n;
  for (let i = 0; i < tx.outputs.length; i++) {
    const value = tx.outputs[i].value;
    if (value < 0n) return { code: 'bad-txns-vout-negative', message: `output ${i} value ${value} is negative` };
    if (value > MAX_MONEY) return { code: 'bad-txns-vout-toolarge', message: `output ${i} value ${value} exceeds ${MAX_MONEY}` };
    total += value;
    if (total > MAX_MONEY) return { code: 'bad-txns-txouttotal-toolarge', message: `output total ${total} exceeds ${MAX_MONEY}` };
  }
  if (tx.inputs.length > 1) {
    const spent = new Set<string>();
    for (const input of tx.inputs) {
      const key = `${Buffer.from(input.prevTxid.buffer, input.prevTxid.byteOffset, 32).toString('latin1')}:${input.prevIndex}`;
      if (spent.has(key)) return { code: 'bad-txns-inputs-duplicate', message: `spends output ${input.prevIndex} of the same txid twice` };
      spent.add(key);
    }
  }
  if (isCoinbase(tx)) {
    const len = tx.inputs[0].scriptSig.length;
    if (len < 2 || len > 100) return { code: 'bad-cb-length', message: `coinbase scriptSig is ${len} bytes (must be 2..100)` };
  } else {
    for (const input of tx.inputs) {
      if (input.prevIndex === 0xffffffff && isNullHash(input.prevTxid)) {
        return { code: 'bad-txns-prevout-null', message: 'non-coinbase input spends the null prevout' };
      }
    }
  }
  return undefined;
}

const MAX_LISTED = 3;

/** One result for all transactions: the first failing one names the code, up to three are listed. */
export function checkTransactions(params: NetworkParams, txs: readonly Transaction[]): RuleResult {
  const problems: string[] = [];
  let firstCode: FailureCode | undefined;
  let count = 0;
  for (let i = 0; i < txs.length; i++) {
    const p = checkTransactionShape(params, txs[i]);
    if (p === undefined) continue;
    count++;
    firstCode ??= p.code;
    if (problems.length < MAX_LISTED) problems.push(`tx[${i}] ${p.message} (${p.code})`);
  }
  if (firstCode === undefined) return pass('transactions', `${txs.length} transactions well-formed`);
  const more = count > problems.length ? `; ${count - problems.length} more` : '';
  return fail('transactions', firstCode, `${count} malformed transaction${count === 1 ? '' : 's'}: ${problems.join('; ')}${more}`);
}
