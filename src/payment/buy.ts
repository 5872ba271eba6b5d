// `blvm module buy`: the quote paid from the node wallet in one transaction, preceded by a BIP47
// notification transaction to every recipient code this node has not notified yet, all submitted
// to the mempool; the purchase is recorded and becomes a licence once proven on chain.
import semver from 'semver';
import { BlvmError } from '../errors.js';
import type { SendOutput, SentTx } from '../wallet/wallet-send.js';
import { p2pkhScript } from './bip47/addresses.js';
import { notificationPublicKey } from './bip47/derive.js';
import { blindPayload, notificationScript, outpointKeyBytes } from './bip47/notification.js';
import { parsePaymentCode } from './bip47/payment-code.js';
import { judgePurchase, purchaseOf, type LicenceContext, type Quote } from './licences.js';
import { expectedOutputs, type Purchase } from './purchase.js';

/** What a notification pays the recipient's notification address: Bitcoin Core's P2PKH dust limit. */
export const NOTIFICATION_SATS = 546n;

export interface BuyContext {
  licences: LicenceContext;
  /** Builds the transactions (a later one may spend an earlier one's change) and submits them in order. */
  sendSeries: (payments: readonly (readonly SendOutput[])[], feeRate: number) => Promise<SentTx[]>;
  inMempool: (txid: string) => Promise<boolean>;
  now: () => number;
}

export interface BuyResult {
  purchase: Purchase;
  payment: SentTx;
  notifications: { payment_code: string; txid: string; fee: string }[];
}

/** The notification to `recipientCode`: its notification address, and the payer's code blinded with the first input. */
export function notificationOutputs(payerCode: string, recipientCode: string): SendOutput[] {
  const payer = parsePaymentCode(payerCode, 'payer payment code');
  const recipient = parsePaymentCode(recipientCode, 'recipient payment code');
  return [
    { script: p2pkhScript(notificationPublicKey(recipient)), amount: NOTIFICATION_SATS },
    {
      script: notificationScript(new Uint8Array(80)),
      amount: 0n,
      scriptFor: (first) => notificationScript(blindPayload(payer, first.key.privateKey, outpointKeyBytes(first.outpoint), recipient)),
    },
  ];
}

// A purchase of this version already licenses it, or is waiting for its confirmations.
async function refuseIfBought(quote: Quote, ctx: BuyContext): Promise<void> {
  for (const purchase of await ctx.licences.store.list(quote.module)) {
    if (!semver.satisfies(quote.version, purchase.licence_versions) || purchase.node_key !== ctx.licences.nodeKey) continue;
    const verdict = await judgePurchase(purchase, ctx.licences);
    if (verdict.proven) throw new BlvmError('conflict', `${quote.module} ${quote.version} is already licensed by purchase ${purchase.txid} (${verdict.confirmations} confirmations); see blvm module licences`);
    if (/confirmations/.test(verdict.reason) || (await ctx.inMempool(purchase.txid))) {
      throw new BlvmError('conflict', `${quote.module} ${quote.version} has a pending purchase ${purchase.txid} (${/confirmations/.test(verdict.reason) ? verdict.reason : 'in the mempool'}); wait for it to confirm instead of paying twice`);
    }
  }
}

export async function buyModule(quote: Quote, ctx: BuyContext, feeRate: number): Promise<BuyResult> {
  await refuseIfBought(quote, ctx);
  const payer = await ctx.licences.payer();
  const notified = new Set((await ctx.licences.store.notifications()).map((n) => n.payment_code));
  const recipients = [...new Set(quote.payees.map((p) => p.payment_code))].filter((code) => !notified.has(code));
  const payment = expectedOutputs(quote.payees, payer.notificationKey, ctx.licences.network).map((o) => ({ script: Buffer.from(o.script, 'hex'), amount: BigInt(o.sats) }));
  const sent = await ctx.sendSeries([...recipients.map((code) => notificationOutputs(payer.code, code)), payment], feeRate);
  const at = ctx.now();
  const notifications = recipients.map((code, i) => ({ payment_code: code, txid: sent[i]!.txid, fee: sent[i]!.fee.toString() }));
  for (const n of notifications) await ctx.licences.store.recordNotification({ payment_code: n.payment_code, txid: n.txid, recorded_at: at });
  const paid = sent.at(-1)!;
  const purchase = purchaseOf(quote, paid.txid, ctx.licences.nodeKey, at);
  await ctx.licences.store.record(purchase);
  return { purchase, payment: paid, notifications };
}
