// What the payments service loads on first use (src/payment/payment-service.ts): the licence
// check and quote, and the BIP47 address a payer sends to.
export { judgePurchase, paymentRequiredProblem, purchaseOf, quoteTerms } from './licences.js';
export { p2pkhAddress } from './bip47/addresses.js';
export { sendPublicKey } from './bip47/derive.js';
