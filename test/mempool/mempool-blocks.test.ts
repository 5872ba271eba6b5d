// The mempool and the chain: generated blocks carry mempool transactions and pay their fees,
// connected blocks evict what they confirm or conflict with, and a reorg returns the
// disconnected blocks' transactions (real chain store in a temp dir).
import test from 'ava';
import { generateBlocks } from '../../src/chain/chain-generate.js';
import { parseBlock } from '../../src/chain/block-codec.js';
import { mineRegtestBlock } from '../../src/chain/regtest-miner.js';
import { parseTransaction } from '../../src/chain/tx-codec.js';
import { Mempool } from '../../src/mempool/mempool.js';
import { selectForBlock } from '../../src/mempool/block-template.js';
import { NOW } from '../chain/helpers/fixtures.js';
import { openTestChain } from '../chain/helpers/chain-store.js';
import { coinbaseCoin, SUBSIDY, TestKey } from './helpers/test-key.js';

async function funded(t: Parameters<typeof openTestChain>[0]) {
  const chain = await openTestChain(t);
  const key = new TestKey();
  await generateBlocks(chain.store, 102, { payoutScript: key.script, now: () => NOW });
  const mine = (n = 1) => generateBlocks(chain.store, n, { payoutScript: key.script, now: () => NOW });
  return { chain, key, mempool: new Mempool(chain.store), mine };
}

test('generate confirms mempool transactions, parents before children, pays their fees in the coinbase and publishes TxConfirmed', async (t) => {
  const { chain, key, mempool, mine } = await funded(t);
  const parent = key.spend([await coinbaseCoin(chain.store, 1)], [{ value: SUBSIDY - 1000n }]);
  const child = key.spend([{ txid: parent.txid, vout: 0, value: SUBSIDY - 1000n }], [{ value: SUBSIDY - 11_000n }]);
  await mempool.submit(parent.hex);
  await mempool.submit(child.hex);
  const [hash] = await mine();
  const block = await chain.store.block({ hash }, 'decoded');
  t.deepEqual(block.tx.map((tx) => tx.txid).slice(1), [parent.txid, child.txid]);
  const raw = parseBlock(Buffer.from((await chain.store.block({ hash }, 'hex')).hex, 'hex'));
  t.is(raw.transactions[0].outputs[0].value, SUBSIDY + 11_000n, 'subsidy + both fees');
  t.deepEqual(await mempool.list(), []);
  t.deepEqual(await mempool.status(parent.txid), { txid: parent.txid, status: 'confirmed', block_hash: hash, height: 103, confirmations: 1 });
  const confirmed = chain.events.filter((e) => e.type === 'TxConfirmed').map((e) => e.payload);
  t.deepEqual(confirmed, [
    { txid: parent.txid, block_hash: hash, height: 103 },
    { txid: child.txid, block_hash: hash, height: 103 },
  ]);
  await mine();
  t.like(await mempool.status(parent.txid), { status: 'confirmed', confirmations: 2 });
  t.deepEqual(await mempool.status('00'.repeat(32)), { txid: '00'.repeat(32), status: 'unknown' });
});

test('invalidating the confirming block (a reorg) returns its transaction to the mempool with TxAccepted', async (t) => {
  const { chain, key, mempool, mine } = await funded(t);
  const tx = key.spend([await coinbaseCoin(chain.store, 1)], [{ value: SUBSIDY - 1000n }]);
  await mempool.submit(tx.hex);
  const [hash] = await mine();
  t.deepEqual(await mempool.list(), []);
  const before = chain.events.length;
  await chain.store.invalidate(hash);
  t.deepEqual((await mempool.list()).map((e) => e.txid), [tx.txid]);
  t.like(await mempool.status(tx.txid), { status: 'mempool', fee: 1000 });
  t.deepEqual(chain.events.slice(before).map((e) => e.type), ['BlockDisconnected', 'ChainReorg', 'TxAccepted']);
  const [again] = await mine();
  t.like(await mempool.status(tx.txid), { status: 'confirmed', block_hash: again });
});

test('a connected block spending the same coin as a mempool transaction evicts it', async (t) => {
  const { chain, key, mempool } = await funded(t);
  const coin = await coinbaseCoin(chain.store, 1);
  const pooled = key.spend([coin], [{ value: SUBSIDY - 1000n }]);
  const child = key.spend([{ txid: pooled.txid, vout: 0, value: SUBSIDY - 1000n }], [{ value: SUBSIDY - 2000n }]);
  const other = await coinbaseCoin(chain.store, 2);
  const unrelated = key.spend([other], [{ value: SUBSIDY - 1000n }]);
  await mempool.submit(pooled.hex);
  await mempool.submit(child.hex);
  await mempool.submit(unrelated.hex);
  const rival = parseTransaction(Buffer.from(key.spend([coin], [{ value: SUBSIDY - 5000n }]).hex, 'hex'));
  const base = await chain.store.miningBase();
  const block = mineRegtestBlock({ prev: base.header, height: base.height + 1, time: NOW + 1000, extraTxs: [rival], fees: 5000n });
  t.is((await chain.store.acceptBlock(block)).outcome, 'connected');
  t.deepEqual((await mempool.list()).map((e) => e.txid), [unrelated.txid], 'the conflicting tx and its child are gone');
  t.deepEqual(await mempool.status(pooled.txid), { txid: pooled.txid, status: 'unknown' });
});

test('the block template takes the highest fee rates that fit the weight limit, a child only after its parent', (t) => {
  const tx = (inputs: string[]) => parseTransaction(Buffer.from(new TestKey().spend(inputs.map((id) => ({ txid: id, vout: 0, value: 10_000n })), [{ value: 1n }]).hex, 'hex'));
  const entry = (txid: string, inputs: string[], fee: bigint) => ({ txid, tx: tx(inputs), raw: Buffer.alloc(0), fee, vsize: 100, weight: 400, time: 0 });
  const a = 'aa'.repeat(32);
  const b = 'bb'.repeat(32);
  const c = 'cc'.repeat(32);
  const low = entry(a, ['01'.repeat(32)], 100n);
  const high = entry(b, ['02'.repeat(32)], 900n);
  const childOfLow = entry(c, [a], 5000n);
  const chosen = selectForBlock([low, high, childOfLow], 4_000 + 3 * 400).txs;
  t.deepEqual(chosen, [high.tx, low.tx, childOfLow.tx]);
  t.deepEqual(selectForBlock([low, high, childOfLow], 4_000 + 400).txs, [high.tx]);
});
