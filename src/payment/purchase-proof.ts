// Whether a recorded purchase is proven by the chain: its transaction is on the active chain with
// enough confirmations and pays every derived address at least its share. Judged again at every
// module start, so a reorg that removes the payment un-proves it.
import type { Network } from '../config/types.js';
import type { TxView } from '../chain/chain-views.js';
import { isBlvmError } from '../errors.js';
import { expectedOutputs, type Purchase } from './purchase.js';

/** The chain reads a proof needs (the chain store provides them). */
export interface ProofChain {
  transaction(txid: string): Promise<TxView>;
  blockHashAt(height: number): string;
}

export type ProofVerdict = { proven: true; confirmations: number } | { proven: false; reason: string };

async function activeTx(chain: ProofChain, txid: string): Promise<TxView | undefined> {
  try {
    const tx = await chain.transaction(txid);
    return chain.blockHashAt(tx.height) === tx.block_hash ? tx : undefined;
  } catch (error) {
    if (isBlvmError(error) && error.code === 'not_found') return undefined;
    throw error;
  }
}

export async function provePurchase(
  purchase: Purchase,
  payerNotificationKey: Uint8Array,
  chain: ProofChain,
  opts: { confirmations: number; network: Network },
): Promise<ProofVerdict> {
  const tx = await activeTx(chain, purchase.txid);
  if (tx === undefined) return { proven: false, reason: `transaction ${purchase.txid} is not on the active chain` };
  if (tx.confirmations < opts.confirmations) {
    return { proven: false, reason: `transaction ${purchase.txid} has ${tx.confirmations} of the ${opts.confirmations} confirmations [payments] asks for` };
  }
  for (const want of expectedOutputs(purchase.payees, payerNotificationKey, opts.network)) {
    const paid = tx.decoded.outputs.filter((o) => o.script_pubkey === want.script).reduce((sum, o) => sum + o.value, 0);
    if (paid < want.sats) {
      const what = paid === 0 ? 'nothing' : `${paid} sats`;
      return { proven: false, reason: `transaction ${purchase.txid} pays ${what} to ${want.address} (${want.roles.join(' + ')}), which is owed ${want.sats} sats` };
    }
  }
  return { proven: true, confirmations: tx.confirmations };
}
