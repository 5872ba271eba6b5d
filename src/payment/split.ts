// The split of a module's price: author floor(75%), distributing node floor(10%), marketplace
// (the commons code) the remainder, so the shares always sum to the price exactly.
export type PayeeRole = 'author' | 'node' | 'marketplace';

export interface Payee {
  role: PayeeRole;
  payment_code: string;
  sats: number;
}

export interface SplitInput {
  price_sats: number;
  author_payment_code: string;
  commons_payment_code: string;
  /** The distributing node's code from the registry index; without one its share goes to the marketplace. */
  node_payment_code?: string;
}

export const AUTHOR_PERCENT = 75n;
export const NODE_PERCENT = 10n;

// BigInt: price × 75 can exceed 2^53 for prices near the 21M BTC bound.
const percentOf = (price: number, percent: bigint): number => Number((BigInt(price) * percent) / 100n);

/** Every payee with its share, author first; a zero share (tiny prices) has no payee. */
export function splitPrice(input: SplitInput): Payee[] {
  const author = percentOf(input.price_sats, AUTHOR_PERCENT);
  const node = input.node_payment_code === undefined ? 0 : percentOf(input.price_sats, NODE_PERCENT);
  const payees: Payee[] = [
    { role: 'author', payment_code: input.author_payment_code, sats: author },
    { role: 'node', payment_code: input.node_payment_code ?? '', sats: node },
    { role: 'marketplace', payment_code: input.commons_payment_code, sats: input.price_sats - author - node },
  ];
  return payees.filter((p) => p.sats > 0);
}

/** `author 750 · node 100 · marketplace 150` for listings. */
export function describeSplit(payees: readonly Payee[]): string {
  return payees.map((p) => `${p.role} ${p.sats}`).join(' · ');
}
