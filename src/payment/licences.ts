// Licences: a purchase of this node, bound to its identity key, covering the module's version and
// proven on chain right now. The quote says what a new purchase must pay and to which addresses.
import semver from 'semver';
import type { Network } from '../config/types.js';
import type { Manifest } from '../manifest/types.js';
import { expectedOutputs, type Purchase, type PurchasePayee } from './purchase.js';
import { provePurchase, type ProofChain, type ProofVerdict } from './purchase-proof.js';
import type { PurchaseStore } from './purchase-store.js';
import { describeSplit, splitPrice } from './split.js';
import { termsOf, type PaymentTerms } from './terms.js';
import type { NodePayer } from './node-payer.js';

export interface LicenceContext {
  store: PurchaseStore;
  chain: ProofChain;
  /** The node's payer identity, read only when a purchase is judged or quoted (it needs the wallet). */
  payer: () => Promise<NodePayer>;
  nodeKey: string;
  confirmations: number;
  network: Network;
}

export interface Quote {
  module: string;
  version: string;
  price_sats: number;
  licence_versions: string;
  payer_payment_code: string;
  payees: (PurchasePayee & { address: string })[];
}

/** Judges one purchase for this node now: bound to its key and proven on the active chain. */
export async function judgePurchase(purchase: Purchase, ctx: LicenceContext): Promise<ProofVerdict> {
  if (purchase.node_key !== ctx.nodeKey) return { proven: false, reason: `bound to another node identity (${purchase.node_key.slice(0, 16)}…)` };
  return provePurchase(purchase, (await ctx.payer()).notificationKey, ctx.chain, { confirmations: ctx.confirmations, network: ctx.network });
}

/** Why a `required = true` module may not load here (undefined: free, optional or licensed). */
export async function paymentRequiredProblem(manifest: Manifest, ctx: LicenceContext): Promise<string | undefined> {
  const terms = termsOf(manifest);
  if (terms === undefined || !terms.required) return undefined;
  const reasons: string[] = [];
  for (const purchase of await ctx.store.list(manifest.name)) {
    if (!semver.satisfies(manifest.version, purchase.licence_versions)) {
      reasons.push(`purchase ${purchase.txid} licenses ${purchase.licence_versions}, not ${manifest.version}`);
      continue;
    }
    const verdict = await judgePurchase(purchase, ctx);
    if (verdict.proven) return undefined;
    reasons.push(`purchase ${purchase.txid}: ${verdict.reason}`);
  }
  const split = describeSplit(splitPrice(terms));
  const why = reasons.length === 0 ? 'this node has no purchase of it' : `no purchase proves it (${reasons.join('; ')})`;
  return `payment_required: ${manifest.name} ${manifest.version} costs ${terms.price_sats} sats (${split}) and ${why}; buy it with \`blvm module buy ${manifest.name}\` (or pay the addresses of \`blvm module quote ${manifest.name}\` in one transaction from another wallet, then \`blvm module licence add ${manifest.name} TXID\`)`;
}

// Next unused BIP47 index for each recipient code: one past the highest this node used for it.
async function nextIndexes(store: PurchaseStore): Promise<Map<string, number>> {
  const next = new Map<string, number>();
  for (const purchase of await store.list()) {
    for (const payee of purchase.payees) next.set(payee.payment_code, Math.max(next.get(payee.payment_code) ?? 0, payee.index + 1));
  }
  return next;
}

/** What this node pays for `terms` now: each payee's share, BIP47 index and derived address. */
export async function quoteTerms(terms: PaymentTerms, ctx: LicenceContext, nodePaymentCode?: string): Promise<Quote> {
  const indexes = await nextIndexes(ctx.store);
  const payees = splitPrice({ ...terms, node_payment_code: nodePaymentCode }).map((p) => ({ ...p, index: indexes.get(p.payment_code) ?? 0 }));
  const payer = await ctx.payer();
  const outputs = expectedOutputs(payees, payer.notificationKey, ctx.network);
  const withAddress = payees.map((p) => ({ ...p, address: outputs.find((o) => o.roles.includes(p.role))!.address }));
  return { module: terms.name, version: terms.version, price_sats: terms.price_sats, licence_versions: terms.licence_versions, payer_payment_code: payer.code, payees: withAddress };
}

/** A purchase record for a quote paid by `txid`. */
export function purchaseOf(quote: Quote, txid: string, nodeKey: string, now: number): Purchase {
  const payees = quote.payees.map(({ address: _address, ...p }) => p);
  return { module: quote.module, version: quote.version, licence_versions: quote.licence_versions, price_sats: quote.price_sats, txid, payees, node_key: nodeKey, recorded_at: now };
}
