// The bundled blvm-marketplace module in a real daemon: its `blvm marketplace` group reads a paid
// module's quote, the status of this node's purchase as it goes from the mempool to licensed, and
// the sales to a watched author code (issue 18).
import { symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import type { Quote } from '../../src/payment/licences.js';
import { ALICE_CODE, ALICE_SEED, BOB_CODE } from '../fixtures/payment/bip47-vectors.js';

const PROBE = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'modules', 'probe.mjs');
const WORDS = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const MANIFEST =
  `name = "paid"\nversion = "1.0.0"\nentry_point = "main.js"\ncapabilities = []\n\n[payment]\nrequired = true\nprice_sats = 100000\n` +
  `author_payment_code = "${ALICE_CODE}"\ncommons_payment_code = "${BOB_CODE}"\n`;

type Status = { module: string; licensed: boolean; licensed_by: string | null; purchases: { txid: string; verdict: { proven: boolean; reason?: string } }[] };
type Sales = { watched: string[]; modules: { module: string; sales: number; proven: number; received_sats: number; pending_sats: number }[] };

test('blvm-marketplace reads a quote, a purchase status from pending to licensed, and the sales to a watched author code (issue 18)', async (t) => {
  const node = await IsolatedNode.create({ start: false, extraConfig: `[modules.blvm-marketplace]\nwatch_payment_codes = ["${ALICE_CODE}"]\n` });
  t.teardown(() => node.destroy());
  const dir = await node.addModule('paid', MANIFEST, `import ${JSON.stringify(PROBE)};`);
  await writeFile(join(node.root, 'author.seed'), ALICE_SEED, { mode: 0o600 });
  const signed = await node.cli(['payment', 'sign-terms', dir, '--seed-file', join(node.root, 'author.seed')]);
  t.is(signed.exitCode, 0, signed.stderr);
  await symlink(join(PACKAGE_ROOT, 'modules', 'blvm-marketplace'), join(node.modulesDir, 'blvm-marketplace'));
  await node.start();
  await node.waitForPhase('blvm-marketplace', 'monitoring');
  await node.control('walletinit', { mnemonic: WORDS });

  const quoted = await node.cli(['marketplace', 'quote', 'paid', '--json']);
  t.is(quoted.exitCode, 0, quoted.stderr);
  const quote = JSON.parse(quoted.stdout) as Quote;
  t.deepEqual(quote.payees.map((p) => [p.role, p.sats, p.index]), [['author', 75_000, 0], ['marketplace', 25_000, 0]]);
  t.deepEqual(quote, JSON.parse((await node.cli(['module', 'quote', 'paid', '--json'])).stdout) as Quote, 'the same quote as the node gives');
  t.regex((await node.cli(['marketplace', 'status', 'paid'])).stdout, /^paid: not licensed$/m);
  t.regex((await node.cli(['marketplace', 'sales'])).stdout, /no sales recorded for the watched payment codes/);

  await node.cli(['chain', 'generate', '101', '--to-wallet']);
  const bought = await node.cli(['module', 'buy', 'paid', '--json']);
  t.is(bought.exitCode, 0, bought.stderr);
  const txid = (JSON.parse(bought.stdout) as { payment: { txid: string } }).payment.txid;
  const pending = JSON.parse((await node.cli(['marketplace', 'status', 'paid', '--json'])).stdout) as Status;
  t.false(pending.licensed);
  t.is(pending.purchases[0].txid, txid);
  t.regex(pending.purchases[0].verdict.reason ?? '', /is not on the active chain/);
  t.like((JSON.parse((await node.cli(['marketplace', 'sales', '--json'])).stdout) as Sales).modules[0], { module: 'paid', sales: 1, proven: 0, received_sats: 0, pending_sats: 75_000 });

  await node.cli(['chain', 'generate', '1']);
  const licensed = JSON.parse((await node.cli(['marketplace', 'status', 'paid', '--json'])).stdout) as Status;
  t.true(licensed.licensed);
  t.is(licensed.licensed_by, txid);
  const sales = JSON.parse((await node.cli(['marketplace', 'sales', '--json'])).stdout) as Sales;
  t.deepEqual(sales.watched, [ALICE_CODE]);
  t.like(sales.modules[0], { module: 'paid', sales: 1, proven: 1, received_sats: 75_000, pending_sats: 0 });
  t.regex((await node.cli(['marketplace', 'sales'])).stdout, /^paid: 1 sale\(s\), 75000 sats received \(1 proven\), 0 sats pending$/m);
});
