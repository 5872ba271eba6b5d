// The mempool end to end on a real daemon: `blvm tx …` and `chain generate` through the control
// socket, refusals named by rule, a reorg returning a transaction, the mempool surviving a
// SIGKILL of the daemon, and tx.submit gated by the send_transactions capability.
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import type { DecodedBlockView } from '../../src/chain/chain-views.js';
import type { IsolatedNode } from '../../src/testing/isolated-node.js';
import type { MempoolEntryView, SubmitResult, TxStatus } from '../../src/mempool/mempool.js';
import { chainNode, cliJson, waitForJson } from '../fixtures/chain/chain-node.js';
import { SUBSIDY, TestKey, type Coin } from '../mempool/helpers/test-key.js';

async function coinbaseOf(node: IsolatedNode, height: number): Promise<Coin> {
  const block = await cliJson<DecodedBlockView>(node, ['chain', 'block', String(height)]);
  return { txid: block.tx[0].txid, vout: 0, value: BigInt(block.tx[0].outputs[0].value) };
}

test('blvm tx submit puts a signed spend in the mempool; a double spend is refused as conflict; generate confirms it; a reorg returns it; it survives a SIGKILL of the daemon', async (t) => {
  const node = await chainNode(t);
  const key = new TestKey();
  await cliJson(node, ['chain', 'generate', '101', '--to-script', key.script.toString('hex')]);
  const coin = await coinbaseOf(node, 1);
  const tx = key.spend([coin], [{ value: SUBSIDY - 1000n }]);
  const accepted = await cliJson<SubmitResult>(node, ['tx', 'submit', tx.hex]);
  t.like(accepted, { txid: tx.txid, fee: 1000 });

  const rival = await node.cli(['tx', 'submit', key.spend([coin], [{ value: SUBSIDY - 2000n }]).hex]);
  t.not(rival.exitCode, 0);
  t.regex(rival.stderr, new RegExp(`refused: conflict: input 0 spends ${coin.txid}:0, already spent by mempool tx ${tx.txid}`));
  const zeroFee = await node.cli(['tx', 'submit', key.spend([await coinbaseOf(node, 2)], [{ value: SUBSIDY }]).hex]);
  t.regex(zeroFee.stderr, /refused: insufficient-fee/);

  t.deepEqual((await cliJson<{ transactions: MempoolEntryView[] }>(node, ['tx', 'list'])).transactions.map((e) => e.txid), [tx.txid]);
  const { hashes } = await cliJson<{ hashes: string[] }>(node, ['chain', 'generate', '1']);
  t.deepEqual(await cliJson<TxStatus>(node, ['tx', 'status', tx.txid]), { txid: tx.txid, status: 'confirmed', block_hash: hashes[0], height: 102, confirmations: 1 });
  t.like(await cliJson(node, ['tx', 'get', tx.txid]), { status: 'confirmed', block_hash: hashes[0] });

  await cliJson(node, ['chain', 'invalidate', hashes[0]]);
  t.like(await cliJson<TxStatus>(node, ['tx', 'status', tx.txid]), { status: 'mempool', fee: 1000 });
  const text = await node.cli(['tx', 'status', tx.txid]);
  t.regex(text.stdout, /in the mempool \(fee 1000 sat/);

  await node.killDaemon();
  await node.start();
  t.like(await cliJson(node, ['tx', 'get', tx.txid]), { status: 'mempool', txid: tx.txid, hex: tx.hex });
});

// Waits for work/tx.hex, submits it with tx.submit and writes the outcome to work/submit.json.
const SUBMITTER = `
const sdk = await import(${JSON.stringify(new URL('../../dist/src/sdk/index.js', import.meta.url).href)});
const { readFileSync, writeFileSync, existsSync } = await import('node:fs');
const client = await sdk.connect();
await client.ready();
const work = process.env.BLVM_DATA_DIR + '/work';
while (!existsSync(work + '/tx.hex')) await new Promise((r) => setTimeout(r, 50));
const hex = readFileSync(work + '/tx.hex', 'utf8').trim();
const outcome = await sdk.txApi(client).submit(hex).then((ok) => ({ ok }), (e) => ({ code: e.code, reason: e.reason, message: e.message }));
writeFileSync(work + '/submit.json', JSON.stringify(outcome));
setInterval(() => {}, 60_000);
`;

test('a module with send_transactions submits a transaction with tx.submit; one without it gets permission_denied', async (t) => {
  const node = await chainNode(t, {
    modules: {
      sender: { capabilities: ['send_transactions'], source: SUBMITTER },
      bystander: { capabilities: ['read_blockchain'], source: SUBMITTER },
    },
  });
  const key = new TestKey();
  await cliJson(node, ['chain', 'generate', '102', '--to-script', key.script.toString('hex')]);
  const work = (name: string) => join(node.dataDir, 'modules', name, 'work');
  const first = key.spend([await coinbaseOf(node, 1)], [{ value: SUBSIDY - 1000n }]);
  const second = key.spend([await coinbaseOf(node, 2)], [{ value: SUBSIDY - 1000n }]);
  // Written whole then renamed: the modules poll for the file and must never read it half written.
  const handOver = async (name: string, hex: string) => {
    await writeFile(join(work(name), 'tx.hex.partial'), hex);
    await rename(join(work(name), 'tx.hex.partial'), join(work(name), 'tx.hex'));
  };
  await handOver('sender', first.hex);
  await handOver('bystander', second.hex);
  type Outcome = { ok?: SubmitResult; code?: string; message?: string };
  const sent = await waitForJson<Outcome>(join(work('sender'), 'submit.json'), () => true);
  t.like(sent, { ok: { txid: first.txid, fee: 1000 } }, `the sender's outcome: ${JSON.stringify(sent)}`);
  const denied = await waitForJson<Outcome>(join(work('bystander'), 'submit.json'), () => true);
  t.is(denied.code, 'permission_denied');
  t.regex(denied.message ?? '', /send_transactions/);
  t.deepEqual((await cliJson<{ transactions: MempoolEntryView[] }>(node, ['tx', 'list'])).transactions.map((e) => e.txid), [first.txid]);
});
