// Building a payment: largest-first coin selection over spendable coins, a P2WPKH change output
// when the rest is worth keeping, BIP143 signatures (SIGHASH_ALL) by @scure/btc-signer, and the
// signed transaction in the chain codec's form for the mempool.
import * as btc from '@scure/btc-signer';
import { parseTransaction } from '../chain/tx-codec.js';
import type { Transaction } from '../chain/types.js';
import { BlvmError } from '../errors.js';
import type { WalletCoin } from './wallet-coins.js';
import type { WalletKey } from './wallet-keys.js';

/** Smallest P2WPKH output Bitcoin Core relays (3 sat/vB dust relay fee × 98 vbytes). */
export const DUST_LIMIT = 294n;
const OVERHEAD_VBYTES = 11;
const P2WPKH_INPUT_VBYTES = 68;

export interface SendRequest {
  coins: readonly WalletCoin[];
  destination: Buffer;
  amount: bigint;
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

function feeFor(inputs: number, outputScripts: readonly Uint8Array[], feeRate: number): bigint {
  const vbytes = OVERHEAD_VBYTES + inputs * P2WPKH_INPUT_VBYTES + outputScripts.reduce((n, s) => n + 9 + s.length, 0);
  return BigInt(Math.ceil(vbytes * feeRate));
}

/** Selects coins, signs and returns the payment; insufficient funds and dust amounts are usage errors naming the sums. */
export function buildSend(request: SendRequest): SignedSend {
  const { destination, amount, feeRate, change } = request;
  if (amount < DUST_LIMIT) throw new BlvmError('usage', `amount ${amount} sat is below the dust limit of ${DUST_LIMIT} sat`);
  const spendable = request.coins.filter((c) => c.state === 'spendable').sort((a, b) => (a.value === b.value ? a.outpoint.localeCompare(b.outpoint) : a.value > b.value ? -1 : 1));
  const selected: WalletCoin[] = [];
  let total = 0n;
  for (const coin of spendable) {
    selected.push(coin);
    total += coin.value;
    const withChange = feeFor(selected.length, [destination, change.script], feeRate);
    if (total >= amount + withChange) return sign(selected, destination, amount, total - amount - withChange >= DUST_LIMIT ? total - amount - withChange : 0n, change);
    const without = feeFor(selected.length, [destination], feeRate);
    if (total >= amount + without && total - amount - without < DUST_LIMIT) return sign(selected, destination, amount, 0n, change);
  }
  const available = spendable.reduce((a, c) => a + c.value, 0n);
  const waiting = request.coins.filter((c) => c.state !== 'spendable').reduce((a, c) => a + c.value, 0n);
  throw new BlvmError(
    'usage',
    `insufficient funds: sending ${amount} sat at ${feeRate} sat/vB needs ${amount + feeFor(Math.max(1, spendable.length), [destination, change.script], feeRate)} sat; spendable ${available} sat (${waiting} sat more is immature or unconfirmed)`,
  );
}

function sign(coins: readonly WalletCoin[], destination: Buffer, amount: bigint, changeValue: bigint, change: WalletKey): SignedSend {
  const tx = new btc.Transaction({ allowUnknownOutputs: true });
  for (const coin of coins) {
    const [id, vout] = coin.outpoint.split(':');
    tx.addInput({ txid: Buffer.from(id, 'hex'), index: Number(vout), witnessUtxo: { script: coin.key.script, amount: coin.value }, sequence: 0xfffffffd });
  }
  tx.addOutput({ script: destination, amount });
  if (changeValue > 0n) tx.addOutput({ script: change.script, amount: changeValue });
  coins.forEach((coin, i) => tx.signIdx(coin.key.privateKey, i));
  tx.finalize();
  const inputTotal = coins.reduce((a, c) => a + c.value, 0n);
  return { tx: parseTransaction(tx.extract()), txid: tx.id, fee: inputTotal - amount - changeValue, inputs: coins.map((c) => c.outpoint), change: changeValue };
}
