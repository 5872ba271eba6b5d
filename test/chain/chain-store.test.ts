import test from 'ava';
import { parseBlock } from '../../src/chain/block-codec.js';
import { ChainStore } from '../../src/chain/chain-store.js';
import { readBip34Height } from '../../src/chain/bip34.js';
import { toDisplayHex } from '../../src/chain/hash.js';
import { mainnetParams, regtestParams } from '../../src/chain/params.js';
import { SqliteDb } from '../../src/store/sqlite.js';
import { eventHash, eventTrace, mine, openTestChain } from './helpers/chain-store.js';

const regtestGenesis = toDisplayHex(regtestParams.genesisHash);

test('a new chain store starts at the network genesis with its coinbase indexed', async (t) => {
  const { store } = await openTestChain(t);
  t.is(store.height(), 0);
  t.is(store.tip().hash, regtestGenesis);
  t.is(store.blockHashAt(0), regtestGenesis);
  const genesis = await store.block({ height: 0 }, 'decoded');
  t.is(genesis.tx.length, 1);
  const tx = await store.transaction(genesis.tx[0].txid);
  t.is(tx.block_hash, regtestGenesis);
  t.is(tx.position, 0);
  t.deepEqual(store.info().best_header.hash, regtestGenesis);
});

test('generated blocks connect in order, carry their BIP34 height and publish one NewBlock each', async (t) => {
  const chain = await openTestChain(t);
  const hashes = await mine(chain.store, 10);
  t.is(chain.store.height(), 10);
  t.is(chain.store.tip().hash, hashes[9]);
  t.deepEqual(eventTrace(chain.events), Array.from({ length: 10 }, (_, i) => `NewBlock ${i + 1}`));
  t.deepEqual(chain.events.map(eventHash), hashes);
  for (let h = 1; h <= 10; h++) {
    t.is(chain.store.blockHashAt(h), hashes[h - 1]);
    const block = parseBlock(Buffer.from((await chain.store.block({ height: h }, 'hex')).hex, 'hex'));
    t.is(readBip34Height(block.transactions[0]), h);
  }
  const first = chain.events[0];
  t.like(first.payload, { height: 1, tx_count: 1, prev_hash: regtestGenesis });
});

test('generated block times strictly increase and stay above the median-time-past', async (t) => {
  const { store } = await openTestChain(t);
  await mine(store, 30);
  let previous = 0;
  for (let h = 1; h <= 30; h++) {
    const header = await store.header({ height: h });
    t.true(header.time > previous, `time of block ${h}`);
    const parent = await store.header({ height: h - 1 });
    t.true(header.time > parent.median_time, `block ${h} is after its parent's median-time-past`);
    previous = header.time;
  }
});

test('header, block and transaction views agree with each other and with the best chain', async (t) => {
  const { store } = await openTestChain(t);
  const [h1, h2] = await mine(store, 2);
  const header = await store.header({ hash: h1 });
  t.like(header, { height: 1, prev_hash: regtestGenesis, status: 'valid', has_block: true, in_best_chain: true, confirmations: 2, next_hash: h2, tx_count: 1, bits: '207fffff' });
  t.deepEqual(await store.header({ height: 1 }), header);
  const decoded = await store.block({ hash: h2.toUpperCase() }, 'decoded');
  t.is(decoded.hash, h2);
  t.is(decoded.next_hash, null);
  const tx = await store.transaction(decoded.tx[0].txid);
  t.like(tx, { block_hash: h2, height: 2, position: 0, confirmations: 1 });
  t.true(tx.decoded.coinbase);
  t.is(tx.decoded.outputs[0].value, 5_000_000_000);
});

test('unknown hashes, heights and txids are not_found errors naming them; malformed ones are usage errors', async (t) => {
  const { store } = await openTestChain(t);
  const unknown = 'ab'.repeat(32);
  await t.throwsAsync(store.header({ hash: unknown }), { message: `no block ${unknown} in the chain store` });
  await t.throwsAsync(store.block({ height: 5 }, 'hex'), { message: 'no block at height 5 on the best chain (tip height 0)' });
  const missingTx = await t.throwsAsync(store.transaction(unknown));
  t.is((missingTx as { code?: string }).code, 'not_found');
  const bad = await t.throwsAsync(store.header({ hash: 'xyz' }));
  t.is((bad as { code?: string }).code, 'usage');
  t.regex(bad?.message ?? '', /"xyz"/);
});

test('reopening the store restores tip, index and tx index without publishing anything', async (t) => {
  const chain = await openTestChain(t);
  const hashes = await mine(chain.store, 5);
  const before = chain.store.info();
  const events = chain.events.length;
  const store = await chain.reopen();
  t.deepEqual(store.info(), before);
  t.is(store.blockHashAt(3), hashes[2]);
  t.is(chain.events.length, events);
  const tx = (await store.block({ height: 5 }, 'decoded')).tx[0];
  t.is((await store.transaction(tx.txid)).height, 5);
});

test('a chain store made for regtest refuses to open for mainnet, naming both networks', async (t) => {
  const chain = await openTestChain(t);
  await chain.store.close();
  const error = await t.throwsAsync(ChainStore.open(chain.file, { params: mainnetParams }));
  t.regex(error?.message ?? '', /holds the regtest chain but \[node\] network is mainnet/);
  chain.store = await ChainStore.open(chain.file, { params: regtestParams });
});

test('the chain store file keeps chainwork as fixed-width hex, so text order is work order', async (t) => {
  const chain = await openTestChain(t);
  await mine(chain.store, 3);
  const db = await SqliteDb.open(chain.file);
  t.teardown(() => db.close());
  const rows = await db.all<{ height: number; chainwork: string }>('SELECT height, chainwork FROM headers ORDER BY chainwork');
  t.deepEqual(rows.map((r) => r.height), [0, 1, 2, 3]);
  t.true(rows.every((r) => r.chainwork.length === 64));
});

test('generate refuses a network other than regtest and a count out of range', async (t) => {
  const main = await openTestChain(t, mainnetParams);
  await t.throwsAsync(mine(main.store, 1), { message: /regtest blocks only, and this node's network is mainnet/ });
  const reg = await openTestChain(t);
  await t.throwsAsync(mine(reg.store, 0), { message: /from 1 to 10000, got 0/ });
});
