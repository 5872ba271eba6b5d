import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { signManifestTerms } from '../../src/payment/sign-terms.js';
import { validateManifestText } from '../../src/manifest/parse.js';
import { identityFromSeed } from '../../src/payment/bip47/derive.js';
import { signTerms, termsCanonicalForm, termsOf } from '../../src/payment/terms.js';
import { toHex } from '../../src/trust/secp.js';
import { ALICE_CODE, ALICE_SEED, BOB_CODE, BOB_SEED } from '../fixtures/payment/bip47-vectors.js';

const aliceKey = toHex(identityFromSeed(Buffer.from(ALICE_SEED, 'hex')).privateKey!);
const bobKey = toHex(identityFromSeed(Buffer.from(BOB_SEED, 'hex')).privateKey!);

const manifest = (payment: string): string => `name = "paid"\nversion = "1.2.0"\nentry_point = "main.js"\n\n[payment]\n${payment}\n`;
const terms = (price = 1000, extra = ''): string =>
  `required = true\nprice_sats = ${price}\nauthor_payment_code = "${ALICE_CODE}"\ncommons_payment_code = "${BOB_CODE}"\n${extra}`;

function signed(price: number, key = aliceKey): string {
  const t = termsOf({ name: 'paid', version: '1.2.0', payment: { required: true, price_sats: price, author_payment_code: ALICE_CODE, commons_payment_code: BOB_CODE } })!;
  return `payment_signature = "${signTerms(t, key)}"`;
}

const problemsOf = (text: string): string[] => validateManifestText(text, 'module.toml').problems.items;

test('the canonical form of the terms is the domain tag and sorted JSON of every term but the signature', (t) => {
  const form = termsCanonicalForm(termsOf({ name: 'paid', version: '1.2.0', payment: { price_sats: 1000, author_payment_code: 'A', commons_payment_code: 'B', payment_signature: 'x' } })!);
  t.is(form, 'blvm-payment-terms-v1\n{"author_payment_code":"A","commons_payment_code":"B","licence_versions":">=1.0.0 <2.0.0","name":"paid","price_sats":1000,"required":false,"version":"1.2.0"}');
});

test('terms signed by the key of author_payment_code are accepted', (t) => {
  t.deepEqual(problemsOf(manifest(terms(1000, signed(1000)))), []);
});

test('terms whose price was changed after the author signed are refused naming payment_signature (issue 18)', (t) => {
  t.deepEqual(problemsOf(manifest(terms(999, signed(1000)))).map((p) => p.replace(/\(.*/, '')), ['module.toml:10: payment.payment_signature: does not verify: the key of author_payment_code ']);
});

test('terms signed by another key than the author code\'s are refused', (t) => {
  t.regex(problemsOf(manifest(terms(1000, signed(1000, bobKey)))).join('\n'), /payment\.payment_signature: does not verify/);
});

test('required = true without price_sats is refused naming price_sats', (t) => {
  t.deepEqual(problemsOf(manifest('required = true')), ['module.toml:5: payment.price_sats: required = true needs price_sats (the price in sats)']);
});

test('an invalid payment code, a missing code, a bad price and a missing signature are each named', (t) => {
  const problems = problemsOf(manifest(`price_sats = 0\nauthor_payment_code = "${ALICE_CODE.slice(0, -2)}xx"`));
  t.deepEqual(problems, [
    'module.toml:6: payment.price_sats: 0 is not a price: expected 1 … 2100000000000000 sats',
    'module.toml:7: payment.author_payment_code: invalid BIP47 payment code: not base58check (Invalid checksum)',
    'module.toml:5: payment.commons_payment_code: required field is missing (a BIP47 payment code, PM8T…)',
  ].sort((a, b) => Number(a.split(':')[1]) - Number(b.split(':')[1])));
  t.regex(problemsOf(manifest(terms(1000))).join('\n'), /payment\.payment_signature: required field is missing: the author signs the terms with `blvm payment sign-terms`/);
});

test('a [payment] table without a price or required flag stays free-form', (t) => {
  t.deepEqual(problemsOf(manifest('lightning = { address = "lnurl1..." }')), []);
});

test('sign-terms writes payment_signature into [payment] and refuses a key that is not the author code\'s', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'blvm-terms-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'module.toml');
  await writeFile(file, manifest(terms(1000)) + '\n[config_schema]\nx = "kept"\n');
  await t.throwsAsync(signManifestTerms(dir, bobKey), { message: /^the key given is [0-9a-f]{16}…, but author_payment_code holds [0-9a-f]{16}…: sign with the author's payment code key$/ });
  await signManifestTerms(dir, aliceKey);
  const text = await readFile(file, 'utf8');
  t.deepEqual(problemsOf(text), []);
  t.regex(text, /\[payment\]\npayment_signature = "[0-9a-f]{128}"\nrequired = true/);
  t.regex(text, /\[config_schema\]\nx = "kept"/);
  await signManifestTerms(dir, aliceKey);
  t.is((await readFile(file, 'utf8')).match(/payment_signature/g)?.length, 1, 'signing again replaces the line');
});
