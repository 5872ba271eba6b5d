// A purchase as the node records it: which module and versions it licenses, the transaction that
// pays, and each payee with the BIP47 index the payment used for it.
import type { Network } from '../config/types.js';
import { parsePaymentCode } from './bip47/payment-code.js';
import { p2pkhAddress, p2pkhScript } from './bip47/addresses.js';
import { sendPublicKey } from './bip47/derive.js';
import type { Payee } from './split.js';

export interface PurchasePayee extends Payee {
  /** BIP47 index of this payer → recipient pair used for the payment. */
  index: number;
}

export interface Purchase {
  module: string;
  /** The version bought; the licence covers `licence_versions`. */
  version: string;
  licence_versions: string;
  price_sats: number;
  txid: string;
  payees: PurchasePayee[];
  /** Public key of the node identity the licence is bound to. */
  node_key: string;
  recorded_at: number;
}

export interface ExpectedOutput {
  roles: string[];
  address: string;
  script: string;
  sats: number;
}

/** The outputs a purchase must have: one per derived address, payees sharing a code and index summed. */
export function expectedOutputs(payees: readonly PurchasePayee[], payerNotificationKey: Uint8Array, network: Network): ExpectedOutput[] {
  const byScript = new Map<string, ExpectedOutput>();
  for (const payee of payees) {
    const key = sendPublicKey(payerNotificationKey, parsePaymentCode(payee.payment_code, `${payee.role} payment code`), payee.index);
    const script = Buffer.from(p2pkhScript(key)).toString('hex');
    const known = byScript.get(script);
    if (known) {
      known.sats += payee.sats;
      known.roles.push(payee.role);
    } else byScript.set(script, { roles: [payee.role], address: p2pkhAddress(key, network), script, sats: payee.sats });
  }
  return [...byScript.values()];
}
