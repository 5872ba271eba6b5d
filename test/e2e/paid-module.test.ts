// A paid module on regtest from genesis: refused without payment, loaded once a transaction paying
// the quoted BIP47 addresses has its confirmation, refused again after a reorg drops the payment,
// and refused outright when its terms were changed after the author signed them (issue 18).
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as btc from '@scure/btc-signer';
import { HDKey } from '@scure/bip32';
import { generateMnemonic, mnemonicToSeedSync } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import test from 'ava';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import type { Quote } from '../../src/payment/licences.js';
import { identityFromSeed, p2pkhAddress, parsePaymentCode, paymentCodeOfIdentity, receivePrivateKey, serializePaymentCode } from '../../src/payment/bip47/index.js';
import { secp } from '../../src/trust/secp.js';
import { ALICE_CODE, ALICE_SEED, BOB_CODE, BOB_SEED } from '../fixtures/payment/bip47-vectors.js';

const PROBE = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'modules', 'probe.mjs');
const PRICE = 100_000;
const WORDS = generateMnemonic(wordlist, 128);
const paidManifest = (price = PRICE) =>
  `name = "paid"\nversion = "1.0.0"\nentry_point = "main.js"\ncapabilities = []\n\n[payment]\nrequired = true\nprice_sats = ${price}\n` +
  `author_payment_code = "${ALICE_CODE}"\ncommons_payment_code = "${BOB_CODE}"\n`;

// Rewrites the module's version and has the author sign the terms again (they name the version).
async function setVersion(node: IsolatedNode, dir: string, version: string): Promise<void> {
  const file = join(dir, 'module.toml');
  await writeFile(file, (await readFile(file, 'utf8')).replace(/^version = ".*"$/m, `version = "${version}"`));
  const signed = await node.cli(['payment', 'sign-terms', dir, '--seed-file', join(node.root, 'author.seed')]);
  if (signed.exitCode !== 0) throw new Error(signed.stderr);
}

async function paidNode(): Promise<{ node: IsolatedNode; dir: string }> {
  const node = await IsolatedNode.create({ start: false, extraConfig: '[modules.paid]\nmode = "ok"\n' });
  const dir = await node.addModule('paid', paidManifest(), `import ${JSON.stringify(PROBE)};`);
  const seedFile = join(node.root, 'author.seed');
  await writeFile(seedFile, `${ALICE_SEED}\n`, { mode: 0o600 });
  const signed = await node.cli(['payment', 'sign-terms', dir, '--seed-file', seedFile]);
  if (signed.exitCode !== 0) throw new Error(signed.stderr);
  return { node, dir };
}

// The node wallet from known words, and 101 blocks whose rewards pay it (height 1 pays receive key 0).
async function fundedWallet(node: IsolatedNode): Promise<void> {
  await node.control('walletinit', { mnemonic: WORDS });
  await node.control('walletgenerate', { count: 101 });
}

// One transaction spending the coinbase of height 1 (receive key 0 of WORDS) into the quoted outputs (`short` sats less on the first).
async function payQuote(node: IsolatedNode, quote: Quote, short = 0): Promise<string> {
  const block = await node.control<{ tx: { txid: string; outputs: { value: number }[] }[] }>('getblock', { height: 1, format: 'decoded' });
  const coinbase = block.tx[0];
  const key = HDKey.fromMasterSeed(mnemonicToSeedSync(WORDS)).derive("m/84'/1'/0'/0/0");
  const tx = new btc.Transaction();
  tx.addInput({ txid: coinbase.txid, index: 0, witnessUtxo: { script: btc.p2wpkh(key.publicKey!).script, amount: BigInt(coinbase.outputs[0].value) } });
  const regtest = { ...btc.TEST_NETWORK, bech32: 'bcrt' };
  quote.payees.forEach((p, i) => tx.addOutputAddress(p.address, BigInt(p.sats - (i === 0 ? short : 0)), regtest));
  tx.addOutput({ script: btc.OutScript.encode({ type: 'pkh', hash: new Uint8Array(20).fill(7) }), amount: BigInt(coinbase.outputs[0].value - PRICE - 10_000) });
  tx.signIdx(key.privateKey!, 0);
  tx.finalize();
  const { txid } = await node.control<{ txid: string }>('sendrawtransaction', { hex: tx.hex });
  return txid;
}

test('a paid module is rejected without payment, loads once its payment confirms, keeps loading within the licensed versions but not at a new major, and is rejected at its next start after a reorg removes the payment (issue 18)', async (t) => {
  const { node, dir } = await paidNode();
  t.teardown(() => node.destroy());
  await node.start();
  const refused = await node.waitForPhase('paid', 'rejected');
  t.regex(refused.problems.join('\n'), /payment_required: paid 1\.0\.0 costs 100000 sats \(author 75000 · marketplace 25000\) and .*buy it with `blvm module buy paid` \(or pay the addresses of `blvm module quote paid`/);
  t.regex((await node.cli(['module', 'info', 'paid'])).stdout, /^ {2}price: {6}100000 sats, required, licence >=1\.0\.0 <2\.0\.0 \(author 75000 · marketplace 25000\)$/m);

  await fundedWallet(node);
  const quoteRun = await node.cli(['module', 'quote', 'paid', '--json']);
  t.is(quoteRun.exitCode, 0, quoteRun.stderr);
  const quote = JSON.parse(quoteRun.stdout) as Quote;
  t.deepEqual(quote.payees.map((p) => [p.role, p.sats]), [['author', 75_000], ['marketplace', 25_000]]);
  const txid = await payQuote(node, quote);

  const added = await node.cli(['module', 'licence', 'add', 'paid', txid]);
  t.is(added.exitCode, 0, added.stderr);
  t.regex(added.stdout, /not proven yet: transaction \w+ is not on the active chain/);
  await node.cli(['module', 'load', 'paid']);
  const unconfirmed = await node.waitForPhase('paid', 'rejected');
  t.regex(unconfirmed.problems.join('\n'), new RegExp(`purchase ${txid}: transaction ${txid} is not on the active chain`));

  const mined = await node.control<{ hashes: string[] }>('generate', { count: 1 });
  const onChain = await node.control<{ decoded: { outputs: { value: number }[] } }>('getrawtransaction', { txid });
  t.deepEqual(onChain.decoded.outputs.slice(0, 2).map((o) => o.value), [75_000, 25_000], 'the split outputs are exactly the shares');
  await node.cli(['module', 'load', 'paid']);
  await node.waitForPhase('paid', 'monitoring');
  t.regex((await node.cli(['module', 'licences'])).stdout, /paid >=1\.0\.0 <2\.0\.0 {2}100000 sats.*\n {2}valid \(1 confirmations\)/);

  await setVersion(node, dir, '1.1.0');
  await node.cli(['module', 'reload', 'paid']);
  t.is((await node.waitFor('paid', (m) => m.phase === 'monitoring' && m.version === '1.1.0')).version, '1.1.0', 'an upgrade within the licensed range needs no new payment');
  await setVersion(node, dir, '2.0.0');
  await node.cli(['module', 'reload', 'paid']);
  const major = await node.waitFor('paid', (m) => m.phase === 'rejected');
  t.regex(major.problems.join('\n'), new RegExp(`purchase ${txid} licenses >=1\\.0\\.0 <2\\.0\\.0, not 2\\.0\\.0`));
  await setVersion(node, dir, '1.1.0');
  await node.cli(['module', 'load', 'paid']);
  await node.waitForPhase('paid', 'monitoring');

  await node.control('invalidateblock', { hash: mined.hashes[0] });
  await node.cli(['module', 'unload', 'paid']);
  await node.waitForPhase('paid', 'stopped');
  await node.cli(['module', 'load', 'paid']);
  const reorged = await node.waitForPhase('paid', 'rejected');
  t.regex(reorged.problems.join('\n'), /is not on the active chain/);
});

test('a payment 1 sat short of the author share is not recorded as a licence (issue 18)', async (t) => {
  const { node } = await paidNode();
  t.teardown(() => node.destroy());
  await node.start();
  await fundedWallet(node);
  const quote = JSON.parse((await node.cli(['module', 'quote', 'paid', '--json'])).stdout) as Quote;
  const txid = await payQuote(node, quote, 1);
  await node.control('generate', { count: 1 });
  const added = await node.cli(['module', 'licence', 'add', 'paid', txid]);
  t.is(added.exitCode, 1);
  t.regex(added.stderr, /does not pay the quote for paid: .*pays 74999 sats to \w+ \(author\), which is owed 75000 sats/);
  await node.cli(['module', 'load', 'paid']);
  t.regex((await node.waitForPhase('paid', 'rejected')).problems.join('\n'), /this node has no purchase of it/);
});

test('a manifest whose price was changed after the author signed the terms is refused naming payment_signature (issue 18)', async (t) => {
  const { node, dir } = await paidNode();
  t.teardown(() => node.destroy());
  const text = await readFile(join(dir, 'module.toml'), 'utf8');
  await writeFile(join(dir, 'module.toml'), text.replace(`price_sats = ${PRICE}`, 'price_sats = 1'));
  await node.start();
  const refused = await node.waitForPhase('paid', 'rejected');
  t.regex(refused.problems.join('\n'), /payment\.payment_signature: does not verify/);
});

test('wallet code prints the node payment code from its words, and wallet pay-address is the address the recipient derives on its side', async (t) => {
  const node = await IsolatedNode.create();
  t.teardown(() => node.destroy());
  await node.control('walletinit', { mnemonic: WORDS });
  const code = (await node.cli(['wallet', 'code'])).stdout.trim();
  const ownIdentity = identityFromSeed(mnemonicToSeedSync(WORDS), 1);
  t.is(code, serializePaymentCode(paymentCodeOfIdentity(ownIdentity)));
  const bob = identityFromSeed(Buffer.from(BOB_SEED, 'hex'));
  for (const index of [0, 7]) {
    const paid = await node.cli(['wallet', 'pay-address', BOB_CODE, '--index', String(index)]);
    t.is(paid.exitCode, 0, paid.stderr);
    t.is(paid.stdout.trim(), p2pkhAddress(secp.getPublicKey(receivePrivateKey(bob, parsePaymentCode(code), index), true), 'regtest'));
  }
  const mainnet = await node.cli(['wallet', 'pay-address', BOB_CODE, '--index', '0', '--network', 'mainnet']);
  t.regex(mainnet.stdout, /^1\w{25,34}\s*$/);
  const inspect = await node.cli(['payment-code', 'inspect', ALICE_CODE]);
  t.regex(inspect.stdout, /notification address {2}1JDdmqFLhpzcUwPeinhJbUPw4Co3aWLyzW \(mainnet\)/);
  t.regex((await node.cli(['payment-code', 'inspect', `${ALICE_CODE.slice(0, -1)}B`])).stderr, /CODE: invalid BIP47 payment code: not base58check/);
});
