// A P2WPKH key for tests: its payout script for `generate`, and real signed spends of its coins
// built with @scure/btc-signer.
import * as btc from '@scure/btc-signer';
import type { ChainStore } from '../../../src/chain/chain-store.js';
import { toDisplayHex } from '../../../src/chain/hash.js';
import { blockTxids } from '../../../src/chain/merkle.js';
import { parseBlock } from '../../../src/chain/block-codec.js';
import { secp } from '../../../src/trust/secp.js';

export const SUBSIDY = 5_000_000_000n;

export interface Coin {
  /** Display hex. */
  txid: string;
  vout: number;
  value: bigint;
}

export interface SignedTx {
  hex: string;
  txid: string;
}

export class TestKey {
  readonly secret = secp.utils.randomSecretKey();
  readonly script = Buffer.from(btc.p2wpkh(secp.getPublicKey(this.secret, true)).script);

  /** Spends `coins` (all paid to this key) to `outputs` (default: back to this key). */
  spend(coins: readonly Coin[], outputs: readonly { value: bigint; script?: Uint8Array }[]): SignedTx {
    const tx = new btc.Transaction({ allowUnknownOutputs: true });
    for (const c of coins) tx.addInput({ txid: c.txid, index: c.vout, witnessUtxo: { script: this.script, amount: c.value } });
    for (const o of outputs) tx.addOutput({ script: o.script ?? this.script, amount: o.value });
    tx.sign(this.secret);
    tx.finalize();
    return { hex: tx.hex, txid: tx.id };
  }
}

/** Output 0 of the coinbase of the best chain's block at `height`. */
export async function coinbaseCoin(store: ChainStore, height: number): Promise<Coin> {
  const { hex } = await store.block({ height }, 'hex');
  const block = parseBlock(Buffer.from(hex, 'hex'));
  return { txid: toDisplayHex(blockTxids(block.transactions)[0]), vout: 0, value: block.transactions[0].outputs[0].value };
}
