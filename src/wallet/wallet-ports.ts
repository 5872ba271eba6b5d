// What the wallet needs from the chain store and the mempool: narrow ports, so the wallet's
// logic sees plain data and the daemon service wires the live objects.
import type { KeyedCoin } from '../chain/coins.js';
import type { Block, Transaction } from '../chain/types.js';

export interface WalletChain {
  /** Unspent outputs paying any of `scripts`, and the tip height they were read at. */
  coinsPaying(scripts: readonly Uint8Array[]): Promise<{ height: number; coins: KeyedCoin[] }>;
  /** Block of the active chain at `height`. */
  blockAt(height: number): Promise<Block>;
  height(): number;
}

export interface WalletMempool {
  /** Validates and accepts `tx`, or throws naming the rule it breaks. */
  submit(tx: Transaction): Promise<{ txid: string }>;
  /** Every transaction in the mempool. */
  transactions(): Promise<readonly Transaction[]>;
}
