// Registry listings of a paid module: search and remote info show the price and the split, with
// the node share going to the registry index's node_payment_code (issue 18).
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import test from 'ava';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { identityFromSeed, paymentCodeOfIdentity, serializePaymentCode } from '../../src/payment/bip47/index.js';
import { signModule } from '../../src/trust/sign-module.js';
import type { Quote } from '../../src/payment/licences.js';
import { BIN, cliServe } from '../registry/helpers/cli-registry.js';
import { buildModule, makeKeys, registryToml, securityToml, tempDir } from '../registry/helpers/world.js';
import { ALICE_CODE, ALICE_SEED, BOB_CODE } from '../fixtures/payment/bip47-vectors.js';

const NODE_CODE = serializePaymentCode(paymentCodeOfIdentity(identityFromSeed(randomBytes(32))));

test('search, remote and local info and the quote of an installed paid module split 75/10/15 with the registry node code (issue 18)', async (t) => {
  const keys = await makeKeys(t);
  const work = await tempDir(t, 'blvm-paid-listing-');
  const dir = await buildModule(work, { name: 'paid', description: 'a paid probe' });
  await appendFile(join(dir, 'module.toml'), `\n[payment]\nrequired = true\nprice_sats = 100000\nauthor_payment_code = "${ALICE_CODE}"\ncommons_payment_code = "${BOB_CODE}"\n`);
  const seedFile = join(work, 'author.seed');
  await writeFile(seedFile, ALICE_SEED, { mode: 0o600 });
  const signed = await execa('node', [BIN, 'payment', 'sign-terms', dir, '--seed-file', seedFile], { reject: false });
  t.is(signed.exitCode, 0, String(signed.stderr));
  for (const signer of [keys.alice, keys.bob]) await signModule(dir, signer.priv, { name: signer.name });
  const registryDir = join(work, 'registry');
  const published = await execa('node', [BIN, 'registry', 'publish', dir, '--registry', registryDir, '--key', keys.registry.file, '--node-payment-code', NODE_CODE], { reject: false });
  t.is(published.exitCode, 0, String(published.stderr));
  const badCode = await execa('node', [BIN, 'registry', 'publish', dir, '--registry', registryDir, '--key', keys.registry.file, '--node-payment-code', 'PM8Tnope'], { reject: false });
  t.regex(String(badCode.stderr), /--node-payment-code: invalid BIP47 payment code/);
  const url = await cliServe(t, registryDir);
  const node = await IsolatedNode.create({ security: securityToml(keys), extraConfig: registryToml(keys, url) });
  t.teardown(() => node.destroy());

  const search = await node.cli(['module', 'search', 'paid']);
  t.is(search.exitCode, 0, search.stderr);
  t.regex(search.stdout, /^paid\s+1\.0\.0\s+-\s+100000 sats \(author 75000 · node 10000 · marketplace 15000\)\s+a paid probe$/m);
  const json = JSON.parse((await node.cli(['module', 'search', 'paid', '--json'])).stdout) as { node_payment_code: string; modules: { price_sats: number }[] };
  t.is(json.node_payment_code, NODE_CODE);
  t.is(json.modules[0].price_sats, 100_000);
  const info = await node.cli(['module', 'info', 'paid', '--remote']);
  t.regex(info.stdout, /^ {2}price: {8}100000 sats, required, licence >=1\.0\.0 <2\.0\.0 \(author 75000 · node 10000 · marketplace 15000\)$/m);

  const install = await node.cli(['module', 'install', 'paid']);
  t.regex(`${install.stdout}${install.stderr}`, /payment_required/, 'installed, but it does not load without a licence');
  await node.control('walletinit', {});
  const quote = JSON.parse((await node.cli(['module', 'quote', 'paid', '--json'])).stdout) as Quote;
  t.deepEqual(quote.payees.map((p) => [p.role, p.sats, p.payment_code]), [['author', 75_000, ALICE_CODE], ['node', 10_000, NODE_CODE], ['marketplace', 15_000, BOB_CODE]]);
  t.regex((await node.cli(['module', 'info', 'paid'])).stdout, /^ {2}price: {6}100000 sats, required, .*\(author 75000 · node 10000 · marketplace 15000\)$/m);
});
