// What listings show about a module's price: the terms of a manifest and their split in sats.
import type { Manifest } from '../manifest/types.js';
import { describeSplit, splitPrice, type Payee } from './split.js';
import { termsOf } from './terms.js';

export interface PriceInfo {
  price_sats: number;
  required: boolean;
  licence_versions: string;
  split: Payee[];
}

/** Price and split of a manifest's terms (node share only with the distributing node's code), or undefined when free. */
export function priceOf(manifest: Manifest, nodePaymentCode?: string): PriceInfo | undefined {
  const terms = termsOf(manifest);
  if (terms === undefined) return undefined;
  return {
    price_sats: terms.price_sats,
    required: terms.required,
    licence_versions: terms.licence_versions,
    split: splitPrice({ ...terms, node_payment_code: nodePaymentCode }),
  };
}

/** `1000 sats, required, licence >=1.0.0 <2.0.0 (author 750 · node 100 · marketplace 150)`, or `free`. */
export function describePrice(price: PriceInfo | undefined): string {
  if (price === undefined) return 'free';
  return `${price.price_sats} sats, ${price.required ? 'required' : 'optional'}, licence ${price.licence_versions} (${describeSplit(price.split)})`;
}
