// `[payment]`: free-form notes stay as written, but a table stating terms (`price_sats` or
// `required`) must be complete, carry valid BIP47 codes and the author's verifying signature.
import semver from 'semver';
import { paymentCodeProblem } from '../payment/bip47/payment-code.js';
import { statesTerms, termsOf, termsSignatureProblem } from '../payment/terms.js';
import type { Problems } from './problems.js';

const MAX_SATS = 21_000_000 * 100_000_000;

function checkCode(payment: Record<string, unknown>, field: string, p: Problems): void {
  const value = payment[field];
  if (value === undefined) p.add(['payment', field], 'required field is missing (a BIP47 payment code, PM8T…)');
  else if (p.expect(['payment', field], value, 'string')) {
    const problem = paymentCodeProblem(value as string);
    if (problem !== undefined) p.add(['payment', field], `invalid BIP47 payment code: ${problem}`);
  }
}

export function checkPayment(raw: Record<string, unknown>, payment: Record<string, unknown>, p: Problems): void {
  if (!statesTerms(payment)) return;
  const before = p.count;
  if (payment.required !== undefined) p.expect(['payment', 'required'], payment.required, 'boolean');
  if (payment.price_sats === undefined) {
    if (payment.required === true) p.add(['payment', 'price_sats'], 'required = true needs price_sats (the price in sats)');
    return;
  }
  if (p.expect(['payment', 'price_sats'], payment.price_sats, 'integer')) {
    const price = payment.price_sats as number;
    if (price <= 0 || price > MAX_SATS) p.add(['payment', 'price_sats'], `${price} is not a price: expected 1 … ${MAX_SATS} sats`);
  }
  checkCode(payment, 'author_payment_code', p);
  checkCode(payment, 'commons_payment_code', p);
  if (payment.licence_versions !== undefined && p.expect(['payment', 'licence_versions'], payment.licence_versions, 'string')) {
    if (semver.validRange(payment.licence_versions as string) === null) p.add(['payment', 'licence_versions'], `"${payment.licence_versions}" is not a semver range`);
  }
  if (payment.payment_signature !== undefined) p.expect(['payment', 'payment_signature'], payment.payment_signature, 'string');
  if (p.count !== before || typeof raw.name !== 'string' || semver.valid(raw.version as string) === null) return;
  const problem = termsSignatureProblem(termsOf({ name: raw.name, version: raw.version as string, payment })!);
  if (problem !== undefined) p.add(['payment', 'payment_signature'], problem);
}
