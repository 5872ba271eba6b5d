import test from 'ava';
import type { ChainStore } from '../../src/chain/chain-store.js';
import { blockHash } from '../../src/chain/header-codec.js';
import { fromDisplayHex, toDisplayHex } from '../../src/chain/hash.js';
import { mineRegtestBlock } from '../../src/chain/regtest-miner.js';
import { txid } from '../../src/chain/tx-codec.js';
import type { Block, Transaction } from '../../src/chain/types.js';
import { NOW } from './helpers/fixtures.js';
import { eventHash, eventTrace, mine, openTestChain } from './helpers/chain-store.js';

/** Mines `n` blocks on `parent` without giving them to the store (times apart from the main chain's). */
async function branch(store: ChainStore, parent: string, n: number, extraTxs: Transaction[] = []): Promise<Block[]> {
  const base = await store.miningBase(parent);
  const blocks: Block[] = [];
  let prev = base.header;
  for (let i = 1; i <= n; i++) {
    const block = mineRegtestBlock({ prev, height: base.height + i, time: NOW + 1000 + i + extraTxs.length, extraTxs: i === 1 ? extraTxs : [] });
    blocks.push(block);
    prev = block.header;
  }
  return blocks;
}

const hashOf = (b: Block): string => toDisplayHex(blockHash(b.header));
// Spends the OP_TRUE coinbase output of the block at height 1 (mature from height 101).
async function paymentFromHeight1(store: ChainStore): Promise<Transaction> {
  const coinbase = (await store.block({ height: 1 }, 'decoded')).tx[0].txid;
  return {
    version: 2,
    inputs: [{ prevTxid: fromDisplayHex(coinbase), prevIndex: 0, scriptSig: Buffer.alloc(0), sequence: 0xffffffff, witness: [] }],
    outputs: [{ value: 1000n, scriptPubKey: Buffer.from([0x51]) }],
    locktime: 0,
  };
}

test('a branch with more work reorganises the chain: disconnects down to the fork, connects up, then ChainReorg', async (t) => {
  const chain = await openTestChain(t);
  const main = await mine(chain.store, 3);
  const fork = await branch(chain.store, main[0], 3);
  chain.events.length = 0;

  t.is((await chain.store.acceptBlock(fork[0])).outcome, 'stored');
  t.is((await chain.store.acceptBlock(fork[1])).outcome, 'stored', 'equal work keeps the current tip');
  t.deepEqual(chain.events, []);
  t.is((await chain.store.acceptBlock(fork[2])).outcome, 'connected');

  t.deepEqual(eventTrace(chain.events), ['BlockDisconnected 3', 'BlockDisconnected 2', 'NewBlock 2', 'NewBlock 3', 'NewBlock 4', 'ChainReorg 3>4 depth 2']);
  t.deepEqual(chain.events.slice(0, 2).map(eventHash), [main[2], main[1]]);
  t.deepEqual(chain.events.slice(2, 5).map(eventHash), fork.map(hashOf));
  t.deepEqual(chain.events[5].payload, {
    old_tip: main[2],
    new_tip: hashOf(fork[2]),
    depth: 2,
    old_height: 3,
    new_height: 4,
    fork_hash: main[0],
    fork_height: 1,
    connected: 3,
  });
  t.is(chain.store.blockHashAt(2), hashOf(fork[0]));
  // Regtest coinbases at one height are identical, so the txid now points at the new height-3 block.
  const oldCoinbase = (await chain.store.block({ hash: main[2] }, 'decoded')).tx[0].txid;
  t.is((await chain.store.transaction(oldCoinbase)).block_hash, hashOf(fork[1]));
  const header = await chain.store.header({ hash: main[2] });
  t.like(header, { in_best_chain: false, confirmations: 0, has_block: true });
});

test('an invalidate/reconsider cycle disconnects and reconnects in order and reports each reorg', async (t) => {
  const chain = await openTestChain(t);
  const main = await mine(chain.store, 5);
  chain.events.length = 0;

  const invalidated = await chain.store.invalidate(main[2]);
  t.deepEqual(eventTrace(chain.events), ['BlockDisconnected 5', 'BlockDisconnected 4', 'BlockDisconnected 3', 'ChainReorg 5>2 depth 3']);
  t.like(invalidated, { changed: 3, disconnected: [main[4], main[3], main[2]], connected: [] });
  t.is(invalidated.tip.hash, main[1]);
  t.is((await chain.store.header({ hash: main[4] })).status, 'invalidated');
  t.is(chain.store.info().invalidated, 3);

  chain.events.length = 0;
  const side = await mine(chain.store, 2);
  t.deepEqual(eventTrace(chain.events), ['NewBlock 3', 'NewBlock 4']);
  t.notDeepEqual(side, main.slice(2, 4));

  chain.events.length = 0;
  const reconsidered = await chain.store.reconsider(main[2]);
  t.deepEqual(eventTrace(chain.events), ['BlockDisconnected 4', 'BlockDisconnected 3', 'NewBlock 3', 'NewBlock 4', 'NewBlock 5', 'ChainReorg 4>5 depth 2']);
  t.like(reconsidered, { changed: 3, disconnected: [side[1], side[0]], connected: main.slice(2) });
  t.is(chain.store.tip().hash, main[4]);
  t.is(chain.store.info().invalidated, 0);
});

test('after invalidating the tip, generate mines a different block at the same height', async (t) => {
  const chain = await openTestChain(t);
  const [first] = await mine(chain.store, 1);
  await chain.store.invalidate(first);
  const [again] = await mine(chain.store, 1);
  t.not(again, first);
  t.is(chain.store.tip().hash, again);
});

test('reconsidering a chain with only equal work keeps the current tip and publishes nothing', async (t) => {
  const chain = await openTestChain(t);
  const main = await mine(chain.store, 3);
  await chain.store.invalidate(main[1]);
  const side = await mine(chain.store, 2);
  chain.events.length = 0;
  const summary = await chain.store.reconsider(main[1]);
  t.like(summary, { changed: 2, disconnected: [], connected: [] });
  t.is(chain.store.tip().hash, side[1]);
  t.deepEqual(chain.events, []);
});

test('invalidating a block off the best chain changes its status only', async (t) => {
  const chain = await openTestChain(t);
  const main = await mine(chain.store, 2);
  const [stale] = await branch(chain.store, main[0], 1);
  await chain.store.acceptBlock(stale);
  chain.events.length = 0;
  const summary = await chain.store.invalidate(hashOf(stale));
  t.like(summary, { changed: 1, disconnected: [], connected: [] });
  t.is(chain.store.tip().hash, main[1]);
  t.deepEqual(chain.events, []);
});

test('the genesis block cannot be invalidated and an unknown hash is not found', async (t) => {
  const { store } = await openTestChain(t);
  const genesis = store.tip().hash;
  const error = await t.throwsAsync(store.invalidate(genesis));
  t.is((error as { code?: string }).code, 'usage');
  const unknown = 'cd'.repeat(32);
  await t.throwsAsync(store.reconsider(unknown), { message: `no block ${unknown} in the chain store` });
  t.is(store.tip().hash, genesis);
});

test('blocks of a branch arriving after their headers connect all at once when the missing block arrives', async (t) => {
  const chain = await openTestChain(t);
  const main = await mine(chain.store, 2);
  const fork = await branch(chain.store, main[0], 3);
  const headers = await chain.store.acceptHeaders(fork.map((b) => b.header));
  t.like(headers, { added: 3, validated: 3, rejected: null });
  t.is(chain.store.info().best_header.hash, hashOf(fork[2]));
  t.is(chain.store.tip().hash, main[1], 'headers alone never move the block tip');
  chain.events.length = 0;
  t.is((await chain.store.acceptBlock(fork[2])).outcome, 'stored');
  t.is((await chain.store.acceptBlock(fork[1])).outcome, 'stored');
  t.deepEqual(chain.events, []);
  t.is((await chain.store.acceptBlock(fork[0])).outcome, 'connected');
  t.deepEqual(eventTrace(chain.events), ['BlockDisconnected 2', 'NewBlock 2', 'NewBlock 3', 'NewBlock 4', 'ChainReorg 2>4 depth 1']);
});

test('a reorganised chain is what the store reopens with', async (t) => {
  const chain = await openTestChain(t);
  const main = await mine(chain.store, 3);
  await chain.store.invalidate(main[1]);
  const side = await mine(chain.store, 3);
  const before = chain.store.info();
  const store = await chain.reopen();
  t.deepEqual(store.info(), before);
  t.is(store.blockHashAt(4), side[2]);
  t.is((await store.header({ hash: main[2] })).status, 'invalidated');
  const coinbase = (await store.block({ height: 2 }, 'decoded')).tx[0].txid;
  t.is((await store.transaction(coinbase)).block_hash, side[0]);
});

test('the tx index follows the best chain: a transaction of an abandoned branch is found again when its branch returns', async (t) => {
  const chain = await openTestChain(t);
  const first = (await mine(chain.store, 100))[99];
  const payment = await paymentFromHeight1(chain.store);
  const [withPayment] = await branch(chain.store, first, 1, [payment]);
  t.is((await chain.store.acceptBlock(withPayment)).outcome, 'connected');
  const paymentTxid = toDisplayHex(txid(payment));
  t.like(await chain.store.transaction(paymentTxid), { block_hash: hashOf(withPayment), position: 1, height: 101 });

  const rival = await branch(chain.store, first, 2);
  for (const block of rival) await chain.store.acceptBlock(block);
  t.is(chain.store.tip().hash, hashOf(rival[1]));
  await t.throwsAsync(chain.store.transaction(paymentTxid), { message: new RegExp(`no transaction ${paymentTxid}`) });

  await chain.store.invalidate(hashOf(rival[0]));
  t.is(chain.store.tip().hash, hashOf(withPayment));
  t.is((await chain.store.transaction(paymentTxid)).block_hash, hashOf(withPayment));
});
