// The wallet's coins: confirmed ones from the chain store's UTXO set (by script), minus those
// its mempool transactions spend, plus the outputs of mempool transactions paying it. As in
// Bitcoin Core's wallet, a coinbase coin counts as spendable from 101 confirmations on (one more
// than consensus needs for a spend in the next block).
import { COINBASE_MATURITY } from '../chain/block-inputs.js';
import { outpointKey, type Coin } from '../chain/coins.js';
import { toDisplayHex } from '../chain/hash.js';
import { txid } from '../chain/tx-codec.js';
import type { Transaction } from '../chain/types.js';
import type { WalletKey } from './wallet-keys.js';

export type CoinState = 'spendable' | 'immature' | 'unconfirmed';

export interface WalletCoin {
  /** `txid:vout`, txid in display hex. */
  outpoint: string;
  value: bigint;
  key: WalletKey;
  /** Height of the block holding it; null while in the mempool. */
  height: number | null;
  state: CoinState;
}

export interface CoinView {
  tipHeight: number;
  coins: WalletCoin[];
}

export interface Balance {
  confirmed: bigint;
  immature: bigint;
  unconfirmed: bigint;
  total: bigint;
}

/** Wallet coins from confirmed `utxos` and the `mempool`, keyed to the wallet's `keys` by script. */
export function walletCoins(tipHeight: number, utxos: readonly { key: string; coin: Coin }[], mempool: readonly Transaction[], keys: readonly WalletKey[]): CoinView {
  const byScript = new Map(keys.map((k) => [Buffer.from(k.script).toString('hex'), k]));
  const spentInMempool = new Set(mempool.flatMap((tx) => tx.inputs.map((i) => outpointKey(toDisplayHex(i.prevTxid), i.prevIndex))));
  const coins: WalletCoin[] = [];
  for (const { key, coin } of utxos) {
    const owner = byScript.get(Buffer.from(coin.script).toString('hex'));
    if (!owner || spentInMempool.has(key)) continue;
    const mature = !coin.coinbase || tipHeight - coin.height + 1 > COINBASE_MATURITY;
    coins.push({ outpoint: key, value: coin.value, key: owner, height: coin.height, state: mature ? 'spendable' : 'immature' });
  }
  for (const tx of mempool) {
    const id = toDisplayHex(txid(tx));
    tx.outputs.forEach((o, vout) => {
      const owner = byScript.get(Buffer.from(o.scriptPubKey).toString('hex'));
      const outpoint = outpointKey(id, vout);
      if (owner && !spentInMempool.has(outpoint)) coins.push({ outpoint, value: o.value, key: owner, height: null, state: 'unconfirmed' });
    });
  }
  return { tipHeight, coins };
}

export function balanceOf(coins: readonly WalletCoin[]): Balance {
  const sum = (state: CoinState): bigint => coins.filter((c) => c.state === state).reduce((a, c) => a + c.value, 0n);
  const confirmed = sum('spendable');
  const immature = sum('immature');
  const unconfirmed = sum('unconfirmed');
  return { confirmed, immature, unconfirmed, total: confirmed + immature + unconfirmed };
}
