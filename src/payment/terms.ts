// Payment terms of a paid module: the `[payment]` fields, their canonical signed form and the
// author's signature over it by the key inside `author_payment_code` (docs/payments.md).
import { sha256 } from '@noble/hashes/sha2.js';
import semver from 'semver';
import { canonicalJson } from '../trust/canonical.js';
import { signDigest } from '../trust/keys.js';
import { signatureEncodingProblem, toHex, verifyDigest } from '../trust/secp.js';
import { parsePaymentCode } from './bip47/payment-code.js';

export const TERMS_DOMAIN_TAG = 'blvm-payment-terms-v1\n';

/** `[payment]` fields with a meaning; any other key in the table stays free-form. */
export const TERMS_FIELDS = ['required', 'price_sats', 'author_payment_code', 'commons_payment_code', 'licence_versions', 'payment_signature'] as const;

export interface PaymentTerms {
  name: string;
  version: string;
  /** Whether the module loads only with a licence. */
  required: boolean;
  price_sats: number;
  author_payment_code: string;
  commons_payment_code: string;
  /** Semver range a licence covers; default: the same major version. */
  licence_versions: string;
  payment_signature?: string;
}

/** `>=M.0.0 <M+1.0.0`: the versions one purchase licenses unless the terms say otherwise. */
export function defaultLicenceRange(version: string): string {
  const major = semver.major(version);
  return `>=${major}.0.0 <${major + 1}.0.0`;
}

/** Whether a `[payment]` table states terms (a price or `required`) rather than free-form notes. */
export function statesTerms(payment: Record<string, unknown> | undefined): boolean {
  return payment !== undefined && (payment.price_sats !== undefined || payment.required !== undefined);
}

/** The terms of a validated manifest with a price, or undefined for a free module. */
export function termsOf(manifest: { name: string; version: string; payment?: Record<string, unknown> }): PaymentTerms | undefined {
  const p = manifest.payment;
  if (p === undefined || typeof p.price_sats !== 'number') return undefined;
  return {
    name: manifest.name,
    version: manifest.version,
    required: p.required === true,
    price_sats: p.price_sats,
    author_payment_code: String(p.author_payment_code),
    commons_payment_code: String(p.commons_payment_code),
    licence_versions: typeof p.licence_versions === 'string' ? p.licence_versions : defaultLicenceRange(manifest.version),
    payment_signature: typeof p.payment_signature === 'string' ? p.payment_signature : undefined,
  };
}

/** The exact bytes the author signs: domain tag + canonical JSON of every term but the signature. */
export function termsCanonicalForm(terms: PaymentTerms): string {
  const { payment_signature: _signature, ...signed } = terms;
  return TERMS_DOMAIN_TAG + canonicalJson(signed);
}

export const termsDigest = (terms: PaymentTerms): Uint8Array => sha256(new TextEncoder().encode(termsCanonicalForm(terms)));

/** Compact low-S ECDSA signature (128 hex) over sha256 of the canonical form. */
export function signTerms(terms: PaymentTerms, privateKeyHex: string): string {
  return signDigest(termsDigest(terms), privateKeyHex);
}

/** Why `payment_signature` does not prove the author agreed to these terms, or undefined. */
export function termsSignatureProblem(terms: PaymentTerms): string | undefined {
  if (terms.payment_signature === undefined) return 'required field is missing: the author signs the terms with `blvm payment sign-terms`';
  const encoding = signatureEncodingProblem(terms.payment_signature);
  if (encoding !== undefined) return encoding;
  const authorKey = toHex(parsePaymentCode(terms.author_payment_code).publicKey);
  if (!verifyDigest(terms.payment_signature, termsDigest(terms), authorKey)) {
    return `does not verify: the key of author_payment_code (${authorKey.slice(0, 16)}…) did not sign these terms (name, version, required, price_sats, payment codes, licence_versions)`;
  }
  return undefined;
}
