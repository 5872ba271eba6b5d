// `blvm module buy` on regtest from genesis: the node wallet pays the three BIP47-derived
// addresses their exact shares in one transaction, after one BIP47 notification transaction per
// recipient that each recipient can read; a block confirms it and the paid module loads; a second
// purchase from the same payees sends no notification (issue 18).
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import test, { type ExecutionContext } from 'ava';
import { parseTransaction } from '../../src/chain/tx-codec.js';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import {
  identityChildPrivateKey,
  identityFromSeed,
  notificationPublicKey,
  p2pkhScript,
  parsePaymentCode,
  paymentCodeOfIdentity,
  readNotification,
  receivePrivateKey,
  serializePaymentCode,
} from '../../src/payment/bip47/index.js';
import { signModule } from '../../src/trust/sign-module.js';
import { secp } from '../../src/trust/secp.js';
import type { Purchase } from '../../src/payment/purchase.js';
import { BIN, cliServe } from '../registry/helpers/cli-registry.js';
import { buildModule, makeKeys, registryToml, securityToml, tempDir } from '../registry/helpers/world.js';
import { ALICE_CODE, ALICE_SEED, BOB_CODE, BOB_SEED } from '../fixtures/payment/bip47-vectors.js';

const NODE_SEED = randomBytes(32);
const NODE_CODE = serializePaymentCode(paymentCodeOfIdentity(identityFromSeed(NODE_SEED)));
const WORDS = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const RECIPIENTS: { role: string; code: string; identity: ReturnType<typeof identityFromSeed> }[] = [
  { role: 'author', code: ALICE_CODE, identity: identityFromSeed(Buffer.from(ALICE_SEED, 'hex')) },
  { role: 'node', code: NODE_CODE, identity: identityFromSeed(NODE_SEED) },
  { role: 'marketplace', code: BOB_CODE, identity: identityFromSeed(Buffer.from(BOB_SEED, 'hex')) },
];

type BuyReply = { purchase: Purchase; payment: { txid: string }; notifications: { payment_code: string; txid: string }[] };
type RawTx = { hex: string; decoded: { outputs: { value: number; script_pubkey: string }[] } };

// Two paid modules of the same author and marketplace, listed by a registry with a node code, installed on a node.
async function paidWorld(t: ExecutionContext): Promise<IsolatedNode> {
  const keys = await makeKeys(t);
  const work = await tempDir(t, 'blvm-paid-buy-');
  const seedFile = join(work, 'author.seed');
  await writeFile(seedFile, ALICE_SEED, { mode: 0o600 });
  const registryDir = join(work, 'registry');
  for (const [name, price] of [['paid', 100_000], ['paid-two', 20_000]] as const) {
    const dir = await buildModule(work, { name });
    await appendFile(join(dir, 'module.toml'), `\n[payment]\nrequired = true\nprice_sats = ${price}\nauthor_payment_code = "${ALICE_CODE}"\ncommons_payment_code = "${BOB_CODE}"\n`);
    const signed = await execa('node', [BIN, 'payment', 'sign-terms', dir, '--seed-file', seedFile], { reject: false });
    if (signed.exitCode !== 0) throw new Error(String(signed.stderr));
    for (const signer of [keys.alice, keys.bob]) await signModule(dir, signer.priv, { name: signer.name });
    const published = await execa('node', [BIN, 'registry', 'publish', dir, '--registry', registryDir, '--key', keys.registry.file, '--node-payment-code', NODE_CODE], { reject: false });
    if (published.exitCode !== 0) throw new Error(String(published.stderr));
  }
  const url = await cliServe(t, registryDir);
  const node = await IsolatedNode.create({ security: securityToml(keys), extraConfig: registryToml(keys, url) });
  t.teardown(() => node.destroy());
  for (const name of ['paid', 'paid-two']) await node.cli(['module', 'install', name]);
  return node;
}

const rawTx = (node: IsolatedNode, txid: string) => node.control<RawTx>('getrawtransaction', { txid });

test('module buy pays the three derived addresses their exact shares after one notification per recipient, and the module loads once a block confirms it (issue 18)', async (t) => {
  const node = await paidWorld(t);
  t.regex((await node.waitForPhase('paid', 'rejected')).problems.join('\n'), /payment_required: paid 1\.0\.0 costs 100000 sats/, 'refused without payment');

  const noWallet = await node.cli(['module', 'buy', 'paid']);
  t.is(noWallet.exitCode, 1);
  t.regex(noWallet.stderr, /no wallet at .*make one with `blvm wallet init`/);
  t.is((await node.cli(['wallet', 'init', '--mnemonic', WORDS])).exitCode, 0);
  const broke = await node.cli(['module', 'buy', 'paid']);
  t.regex(broke.stderr, /insufficient funds: sending \d+ sat .* spendable 0 sat/);
  const unknown = await node.cli(['module', 'buy', 'nosuch']);
  t.is(unknown.exitCode, 1);
  t.regex(unknown.stderr, /modules\/nosuch: module directory does not exist/);
  await node.addModule('free', 'name = "free"\nversion = "1.0.0"\nentry_point = "main.js"\ncapabilities = []\n', '');
  const free = await node.cli(['module', 'buy', 'free']);
  t.is(free.exitCode, 2, 'a usage error');
  t.regex(free.stderr, /free is free: its manifest states no price/);

  const generated = await node.cli(['chain', 'generate', '101', '--to-wallet']);
  t.is(generated.exitCode, 0, generated.stderr);
  const run = await node.cli(['module', 'buy', 'paid', '--json']);
  t.is(run.exitCode, 0, run.stderr);
  const bought = JSON.parse(run.stdout) as BuyReply;
  t.deepEqual(bought.purchase.payees.map((p) => [p.role, p.sats, p.index]), [['author', 75_000, 0], ['node', 10_000, 0], ['marketplace', 15_000, 0]]);
  t.deepEqual(bought.notifications.map((n) => n.payment_code), [ALICE_CODE, NODE_CODE, BOB_CODE]);
  const pending = await node.cli(['module', 'buy', 'paid']);
  t.regex(pending.stderr, new RegExp(`pending purchase ${bought.payment.txid} \\(in the mempool\\)`));

  await node.cli(['chain', 'generate', '1']);
  await node.cli(['module', 'load', 'paid']);
  await node.waitForPhase('paid', 'monitoring');

  const nodeCode = parsePaymentCode((await node.cli(['wallet', 'code'])).stdout.trim());
  const payment = await rawTx(node, bought.payment.txid);
  const shares = [75_000, 10_000, 15_000];
  t.is(payment.decoded.outputs.length, 4, 'three payee outputs and the change');
  RECIPIENTS.forEach(({ role, code, identity }, i) => {
    const key = secp.getPublicKey(receivePrivateKey(identity, nodeCode, 0), true);
    const output = payment.decoded.outputs[i];
    t.is(bought.purchase.payees[i].role as string, role);
    t.is(bought.purchase.payees[i].payment_code, code);
    t.is(output.value, shares[i], `${role} output is exactly its share`);
    t.is(output.script_pubkey, Buffer.from(p2pkhScript(key)).toString('hex'), `${role} output pays the address ${role} derives from the node's code at index 0`);
  });
  for (const [i, n] of bought.notifications.entries()) {
    const tx = parseTransaction(Buffer.from((await rawTx(node, n.txid)).hex, 'hex'));
    t.is(serializePaymentCode(readNotification(tx, identityChildPrivateKey(RECIPIENTS[i].identity, 0))), serializePaymentCode(nodeCode), `${RECIPIENTS[i].role} reads the node's code from its notification`);
    const pays = tx.outputs.find((o) => Buffer.from(o.scriptPubKey).equals(Buffer.from(p2pkhScript(notificationPublicKey(parsePaymentCode(RECIPIENTS[i].code))))));
    t.is(pays?.value, 546n, `the notification pays ${RECIPIENTS[i].role}'s notification address`);
  }

  const again = await node.cli(['module', 'buy', 'paid']);
  t.regex(again.stderr, new RegExp(`paid 1\\.0\\.0 is already licensed by purchase ${bought.payment.txid}`));
  const second = JSON.parse((await node.cli(['module', 'buy', 'paid-two', '--json'])).stdout) as BuyReply;
  t.deepEqual(second.notifications, [], 'recipients already notified get no second notification');
  t.deepEqual(second.purchase.payees.map((p) => [p.role, p.sats, p.index]), [['author', 15_000, 1], ['node', 2_000, 1], ['marketplace', 3_000, 1]]);
  await node.cli(['chain', 'generate', '1']);
  await node.cli(['module', 'load', 'paid-two']);
  await node.waitForPhase('paid-two', 'monitoring');
});
