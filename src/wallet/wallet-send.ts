// Building a payment: largest-first coin selection over spendable coins, any number of outputs, a
// P2WPKH change output when the rest is worth keeping, BIP143 signatures (SIGHASH_ALL) by
// @scure/btc-signer, and the signed transaction in the chain codec's form for the mempool.
import * as btc from '@scure/btc-signer';
import { outputType, witnessProgram } from '../chain/script-types.js';
import { parseTransaction } from '../chain/tx-codec.js';
import type { Transaction } from '../chain/types.js';
import { BlvmError } from '../errors.js';
import type { WalletCoin } from './wallet-coins.js';
import type { WalletKey } from './wallet-keys.js';

/** Smallest P2WPKH output Bitcoin Core relays (3 sat/vB dust relay fee × 98 vbytes). */
export const DUST_LIMIT = 294n;
const OVERHEAD_VBYTES = 11;
const P2WPKH_INPUT_VBYTES = 68;

export interface SendOutput {
  script: Uint8Array;
  amount: bigint;
  /** Rewrites the script (same length) once the first input is chosen: a BIP47 notification's OP_RETURN. */
  scriptFor?: (firstInput: WalletCoin) => Uint8Array;
}

export interface SendRequest {
  coins: readonly WalletCoin[];
  outputs: readonly SendOutput[];
  /** Satoshis per virtual byte. */
  feeRate: number;
  change: WalletKey;
}

export interface SignedSend {
  tx: Transaction;
  txid: string;
  fee: bigint;
  inputs: string[];
  /** Change paid back to the wallet; 0 when it was below the dust limit and went to the fee. */
  change: bigint;
}

/** A submitted payment as callers see it (no signed bytes). */
export type SentTx = Omit<SignedSend, 'tx'>;

/** Bitcoin Core's dust threshold at 3 sat/vB: spending the output must cost less than a third of it. */
export function dustLimit(script: Uint8Array): bigint {
  if (outputType(script) === 'op-return') return 0n;
  const spendVbytes = witnessProgram(script) ? 67 : 148;
  return BigInt((9 + script.length + spendVbytes) * 3);
}

function feeFor(inputs: number, outputScripts: readonly Uint8Array[], feeRate: number): bigint {
  const vbytes = OVERHEAD_VBYTES + inputs * P2WPKH_INPUT_VBYTES + outputScripts.reduce((n, s) => n + 9 + s.length, 0);
  return BigInt(Math.ceil(vbytes * feeRate));
}

function checkOutputs(outputs: readonly SendOutput[]): void {
  if (outputs.length === 0) throw new BlvmError('usage', 'a payment needs at least one output');
  outputs.forEach((o, i) => {
    const limit = dustLimit(o.script);
    const which = outputs.length === 1 ? 'amount' : `output ${i}: amount`;
    if (o.amount < limit) throw new BlvmError('usage', `${which} ${o.amount} sat is below the dust limit of ${limit} sat`);
  });
}

/** Selects coins, signs and returns the payment; insufficient funds and dust amounts are usage errors naming the sums. */
export function buildSend(request: SendRequest): SignedSend {
  const { outputs, feeRate, change } = request;
  checkOutputs(outputs);
  const amount = outputs.reduce((a, o) => a + o.amount, 0n);
  const scripts = outputs.map((o) => o.script);
  const spendable = request.coins.filter((c) => c.state === 'spendable').sort((a, b) => (a.value === b.value ? a.outpoint.localeCompare(b.outpoint) : a.value > b.value ? -1 : 1));
  const selected: WalletCoin[] = [];
  let total = 0n;
  for (const coin of spendable) {
    selected.push(coin);
    total += coin.value;
    const withChange = feeFor(selected.length, [...scripts, change.script], feeRate);
    if (total >= amount + withChange) return sign(selected, outputs, total - amount - withChange >= DUST_LIMIT ? total - amount - withChange : 0n, change);
    const without = feeFor(selected.length, scripts, feeRate);
    if (total >= amount + without && total - amount - without < DUST_LIMIT) return sign(selected, outputs, 0n, change);
  }
  const available = spendable.reduce((a, c) => a + c.value, 0n);
  const waiting = request.coins.filter((c) => c.state !== 'spendable').reduce((a, c) => a + c.value, 0n);
  throw new BlvmError(
    'usage',
    `insufficient funds: sending ${amount} sat at ${feeRate} sat/vB needs ${amount + feeFor(Math.max(1, spendable.length), [...scripts, change.script], feeRate)} sat; spendable ${available} sat (${waiting} sat more is immature or unconfirmed)`,
  );
}

function sign(coins: readonly WalletCoin[], outputs: readonly SendOutput[], changeValue: bigint, change: WalletKey): SignedSend {
  const tx = new btc.Transaction({ allowUnknownOutputs: true });
  for (const coin of coins) {
    const [id, vout] = coin.outpoint.split(':');
    tx.addInput({ txid: Buffer.from(id, 'hex'), index: Number(vout), witnessUtxo: { script: coin.key.script, amount: coin.value }, sequence: 0xfffffffd });
  }
  for (const o of outputs) tx.addOutput({ script: o.scriptFor ? o.scriptFor(coins[0]!) : o.script, amount: o.amount });
  if (changeValue > 0n) tx.addOutput({ script: change.script, amount: changeValue });
  coins.forEach((coin, i) => tx.signIdx(coin.key.privateKey, i));
  tx.finalize();
  const inputTotal = coins.reduce((a, c) => a + c.value, 0n);
  const amount = outputs.reduce((a, o) => a + o.amount, 0n);
  return { tx: parseTransaction(tx.extract()), txid: tx.id, fee: inputTotal - amount - changeValue, inputs: coins.map((c) => c.outpoint), change: changeValue };
}
