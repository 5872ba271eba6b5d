// Mempool acceptance against a real chain store (sqlite file in a temp dir): every refusal names
// its rule, accepted transactions persist in chain.sqlite and announce TxAccepted.
import test from 'ava';
import { generateBlocks } from '../../src/chain/chain-generate.js';
import { parseTransaction, serializeTransaction } from '../../src/chain/tx-codec.js';
import { Mempool } from '../../src/mempool/mempool.js';
import { rejectRule } from '../../src/mempool/mempool-reject.js';
import { NOW } from '../chain/helpers/fixtures.js';
import { openTestChain, type TestChain } from '../chain/helpers/chain-store.js';
import { coinbaseCoin, SUBSIDY, TestKey } from './helpers/test-key.js';

async function fundedChain(t: Parameters<typeof openTestChain>[0], blocks = 101): Promise<{ chain: TestChain; key: TestKey; mempool: Mempool }> {
  const chain = await openTestChain(t);
  const key = new TestKey();
  await generateBlocks(chain.store, blocks, { payoutScript: key.script, now: () => NOW });
  return { chain, key, mempool: new Mempool(chain.store) };
}

async function refusal(promise: Promise<unknown>): Promise<{ rule: string | undefined; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error === undefined) throw new Error('expected the transaction to be refused, but it was accepted');
  return { rule: rejectRule(error), message: (error as Error).message };
}

test('a signed P2WPKH spend of a mature coinbase is accepted, listed, and announced with TxAccepted', async (t) => {
  const { chain, key, mempool } = await fundedChain(t);
  const tx = key.spend([await coinbaseCoin(chain.store, 1)], [{ value: SUBSIDY - 1000n }]);
  const result = await mempool.submit(tx.hex);
  t.is(result.txid, tx.txid);
  t.is(result.fee, 1000);
  t.true(result.vsize > 100 && result.vsize < 120, `vsize ${result.vsize}`);
  t.deepEqual((await mempool.list()).map((e) => e.txid), [tx.txid]);
  t.like(await mempool.status(tx.txid), { status: 'mempool', fee: 1000 });
  t.like(chain.events.at(-1), { type: 'TxAccepted', payload: { txid: tx.txid, fee: 1000, vsize: result.vsize } });
});

test('a second spend of an outpoint a mempool transaction spends is refused as conflict; the same transaction again as already-known', async (t) => {
  const { chain, key, mempool } = await fundedChain(t);
  const coin = await coinbaseCoin(chain.store, 1);
  const first = key.spend([coin], [{ value: SUBSIDY - 1000n }]);
  await mempool.submit(first.hex);
  const second = key.spend([coin], [{ value: SUBSIDY - 2000n }]);
  const conflict = await refusal(mempool.submit(second.hex));
  t.is(conflict.rule, 'conflict');
  t.regex(conflict.message, new RegExp(`already spent by mempool tx ${first.txid}`));
  t.is((await refusal(mempool.submit(first.hex))).rule, 'already-known');
});

test('a flipped signature byte is refused as bad-signature', async (t) => {
  const { chain, key, mempool } = await fundedChain(t);
  const tx = key.spend([await coinbaseCoin(chain.store, 1)], [{ value: SUBSIDY - 1000n }]);
  // The witness's first item is the DER signature; flip a byte inside its r value.
  const signed = parseTransaction(Buffer.from(tx.hex, 'hex'));
  const sig = Buffer.from(signed.inputs[0].witness[0]);
  sig[10] ^= 1;
  const bytes = serializeTransaction({ ...signed, inputs: [{ ...signed.inputs[0], witness: [sig, signed.inputs[0].witness[1]] }] });
  const bad = await refusal(mempool.submit(bytes.toString('hex')));
  t.is(bad.rule, 'bad-signature');
  t.regex(bad.message, /ECDSA signature does not verify/);
  t.deepEqual(await mempool.list(), []);
});

test('a spend of a coinbase with fewer than 100 confirmations is refused as immature-coinbase', async (t) => {
  const { chain, key, mempool } = await fundedChain(t, 100);
  // At height 101 (the next block) the coinbase of height 2 has depth 99.
  const tx = key.spend([await coinbaseCoin(chain.store, 2)], [{ value: SUBSIDY - 1000n }]);
  const bad = await refusal(mempool.submit(tx.hex));
  t.is(bad.rule, 'immature-coinbase');
  t.regex(bad.message, /depth 99 \(needs 100\)/);
});

test('a transaction paying no fee is refused as insufficient-fee; one below the minimum rate too', async (t) => {
  const { chain, key, mempool } = await fundedChain(t);
  const coin = await coinbaseCoin(chain.store, 1);
  const zero = await refusal(mempool.submit(key.spend([coin], [{ value: SUBSIDY }]).hex));
  t.is(zero.rule, 'insufficient-fee');
  t.regex(zero.message, /fee 0 sat for \d+ vB is below the minimum \d+ sat \(1 sat\/vB\)/);
  t.is((await refusal(mempool.submit(key.spend([coin], [{ value: SUBSIDY - 50n }]).hex))).rule, 'insufficient-fee');
});

test('a spend of an output that does not exist is refused as missing-inputs; undecodable hex as malformed', async (t) => {
  const { key, mempool } = await fundedChain(t, 1);
  const tx = key.spend([{ txid: 'ab'.repeat(32), vout: 0, value: SUBSIDY }], [{ value: SUBSIDY - 1000n }]);
  t.is((await refusal(mempool.submit(tx.hex))).rule, 'missing-inputs');
  const malformed = await refusal(mempool.submit('0200zz'));
  t.is(malformed.rule, 'malformed');
  t.is((await refusal(mempool.submit('02000000'))).rule, 'malformed');
});

test('a child spending an output of a mempool transaction is accepted and lists its parent', async (t) => {
  const { chain, key, mempool } = await fundedChain(t);
  const parent = key.spend([await coinbaseCoin(chain.store, 1)], [{ value: SUBSIDY - 1000n }]);
  await mempool.submit(parent.hex);
  const child = key.spend([{ txid: parent.txid, vout: 0, value: SUBSIDY - 1000n }], [{ value: SUBSIDY - 2000n }]);
  await mempool.submit(child.hex);
  t.deepEqual((await mempool.list()).map((e) => [e.txid, e.depends]), [
    [parent.txid, []],
    [child.txid, [parent.txid]],
  ]);
});

test('the mempool is bounded by max_count: a transaction beyond it is refused as mempool-full', async (t) => {
  const chain = await openTestChain(t);
  const key = new TestKey();
  await generateBlocks(chain.store, 102, { payoutScript: key.script, now: () => NOW });
  await chain.store.close();
  const { ChainStore } = await import('../../src/chain/chain-store.js');
  const { regtestParams } = await import('../../src/chain/params.js');
  const { DEFAULT_MEMPOOL_POLICY } = await import('../../src/mempool/mempool-policy.js');
  chain.store = await ChainStore.open(chain.file, { params: regtestParams, now: () => NOW, mempool: { ...DEFAULT_MEMPOOL_POLICY, maxCount: 1 } });
  const mempool = new Mempool(chain.store);
  await mempool.submit(key.spend([await coinbaseCoin(chain.store, 1)], [{ value: SUBSIDY - 1000n }]).hex);
  const full = await refusal(mempool.submit(key.spend([await coinbaseCoin(chain.store, 2)], [{ value: SUBSIDY - 1000n }]).hex));
  t.is(full.rule, 'mempool-full');
  t.regex(full.message, /maximum of 1 transactions/);
});

test('accepted transactions survive closing and reopening chain.sqlite', async (t) => {
  const { chain, key, mempool } = await fundedChain(t);
  const tx = key.spend([await coinbaseCoin(chain.store, 1)], [{ value: SUBSIDY - 1000n }]);
  await mempool.submit(tx.hex);
  const reopened = new Mempool(await chain.reopen());
  t.deepEqual((await reopened.list()).map((e) => e.txid), [tx.txid]);
  t.is((await reopened.get(tx.txid)).hex, tx.hex);
});
