// `blvm payment sign-terms`: the author signs the `[payment]` terms of a module.toml with the
// key of author_payment_code and the signature is written into the table, nothing else changed.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import toml from 'toml';
import { BlvmError } from '../errors.js';
import { tomlString } from '../manifest/rewrite.js';
import { TomlLayout } from '../manifest/toml-layout.js';
import { validateManifestText } from '../manifest/parse.js';
import { replaceManifestFile } from '../trust/manifest-file.js';
import { publicKeyOf } from '../trust/keys.js';
import { toHex } from '../trust/secp.js';
import { parsePaymentCode } from './bip47/payment-code.js';
import { signTerms, termsOf, type PaymentTerms } from './terms.js';

// The text with `payment_signature = "…"` replaced in, or added right after the [payment] header.
function withSignature(text: string, file: string, signature: string): string {
  const layout = new TomlLayout(text);
  const lines = text.split('\n');
  const line = `payment_signature = ${tomlString(signature)}`;
  const existing = layout.assignments.find((a) => a.table.length === 1 && a.table[0] === 'payment' && a.key.join('.') === 'payment_signature');
  if (existing !== undefined) {
    lines[existing.line - 1] = line;
    return lines.join('\n');
  }
  const header = layout.headers.find((h) => h.key.length === 1 && h.key[0] === 'payment' && !h.arrayOfTables);
  if (header === undefined) throw new BlvmError('usage', `${basename(file)}: [payment] must be a table of its own so the signature can be written into it`);
  lines.splice(header.line, 0, line);
  return lines.join('\n');
}

function rawTerms(text: string, file: string): PaymentTerms {
  let raw: Record<string, unknown>;
  try {
    raw = toml.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new BlvmError('manifest_invalid', `${file}: invalid TOML: ${(error as Error).message}`, { cause: error });
  }
  const payment = raw.payment as Record<string, unknown> | undefined;
  if (typeof payment?.price_sats !== 'number') throw new BlvmError('usage', `${file}: [payment] has no price_sats: there are no terms to sign`);
  const terms = termsOf({ name: String(raw.name), version: String(raw.version), payment: { ...payment } });
  parsePaymentCode(terms!.author_payment_code, 'payment.author_payment_code');
  parsePaymentCode(terms!.commons_payment_code, 'payment.commons_payment_code');
  return terms!;
}

/** Signs the terms in DIR/module.toml (or the manifest file itself); throws naming the mismatch. */
export async function signManifestTerms(path: string, privateKeyHex: string): Promise<{ file: string; terms: PaymentTerms; signature: string }> {
  const file = path.endsWith('.toml') ? path : join(path, 'module.toml');
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new BlvmError('not_found', `${file} cannot be read: ${(error as Error).message}`, { cause: error });
  });
  const terms = rawTerms(text, file);
  const authorKey = toHex(parsePaymentCode(terms.author_payment_code).publicKey);
  if (publicKeyOf(privateKeyHex) !== authorKey) {
    throw new BlvmError('usage', `the key given is ${publicKeyOf(privateKeyHex).slice(0, 16)}…, but author_payment_code holds ${authorKey.slice(0, 16)}…: sign with the author's payment code key`);
  }
  const signature = signTerms(terms, privateKeyHex);
  const next = withSignature(text, file, signature);
  const { problems } = validateManifestText(next, file);
  const paymentProblems = problems.items.filter((item) => item.includes('payment.'));
  if (paymentProblems.length > 0) throw new BlvmError('manifest_invalid', `${file}: the signed terms still have problems`, { details: paymentProblems });
  await replaceManifestFile(file, next);
  return { file, terms: { ...terms, payment_signature: signature }, signature };
}
