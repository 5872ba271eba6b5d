// Purchase proofs against a real regtest chain store: the paying transaction is built here,
// mined with the regtest generator, and judged as the node judges it at a module start.
import { randomBytes } from 'node:crypto';
import test from 'ava';
import type { ChainStore } from '../../src/chain/chain-store.js';
import { blockHash } from '../../src/chain/header-codec.js';
import { fromDisplayHex, toDisplayHex } from '../../src/chain/hash.js';
import { mineRegtestBlock } from '../../src/chain/regtest-miner.js';
import { txid } from '../../src/chain/tx-codec.js';
import type { Block, Transaction, TxOutput } from '../../src/chain/types.js';
import { identityChildPrivateKey, identityFromSeed, paymentCodeOfIdentity, serializePaymentCode } from '../../src/payment/bip47/index.js';
import { expectedOutputs, type Purchase } from '../../src/payment/purchase.js';
import { provePurchase } from '../../src/payment/purchase-proof.js';
import { splitPrice } from '../../src/payment/split.js';
import { ALICE_CODE, BOB_CODE } from '../fixtures/payment/bip47-vectors.js';
import { NOW } from '../chain/helpers/fixtures.js';
import { mine, openTestChain } from '../chain/helpers/chain-store.js';

const SUBSIDY = 5_000_000_000n;
const FEE = 1000n;
const payer = identityFromSeed(randomBytes(32), 1);
const payerKey = identityChildPrivateKey(payer, 0);
const nodeCode = serializePaymentCode(paymentCodeOfIdentity(identityFromSeed(randomBytes(32), 1)));

function purchase(tx = '00'.repeat(32)): Purchase {
  const payees = splitPrice({ price_sats: 100_000, author_payment_code: ALICE_CODE, commons_payment_code: BOB_CODE, node_payment_code: nodeCode }).map((p) => ({ ...p, index: 0 }));
  return { module: 'paid', version: '1.0.0', licence_versions: '>=1.0.0 <2.0.0', price_sats: 100_000, txid: tx, payees, node_key: 'k', recorded_at: 0 };
}

// A transaction spending the coinbase at `height` (OP_TRUE) into `outputs` and change.
async function payingTx(store: ChainStore, height: number, outputs: TxOutput[]): Promise<Transaction> {
  const coinbase = fromDisplayHex((await store.block({ height }, 'decoded')).tx[0].txid);
  const paid = outputs.reduce((a, o) => a + o.value, 0n);
  return {
    version: 2,
    inputs: [{ prevTxid: coinbase, prevIndex: 0, scriptSig: Buffer.alloc(0), sequence: 0xffffffff, witness: [] }],
    outputs: [...outputs, { value: SUBSIDY - paid - FEE, scriptPubKey: Buffer.from([0x51]) }],
    locktime: 0,
  };
}

const outputsOf = (p: Purchase, adjust: (sats: number, i: number) => number = (s) => s): TxOutput[] =>
  expectedOutputs(p.payees, payerKey, 'regtest').map((o, i) => ({ value: BigInt(adjust(o.sats, i)), scriptPubKey: Buffer.from(o.script, 'hex') }));

async function mineTx(store: ChainStore, tx: Transaction): Promise<Block> {
  const base = await store.miningBase();
  const block = mineRegtestBlock({ prev: base.header, height: base.height + 1, time: Math.max(NOW, base.medianTimePast + 1) + 1, extraTxs: [tx], fees: FEE });
  const report = await store.acceptBlock(block);
  if (report.outcome !== 'connected') throw new Error(`block not connected: ${JSON.stringify(report)}`);
  return block;
}

const prove = (store: ChainStore, p: Purchase, confirmations: number) => provePurchase(p, payerKey, store, { confirmations, network: 'regtest' });

test('a payment of every share to the three derived addresses is proven once it has the confirmations asked for (issue 18)', async (t) => {
  const { store } = await openTestChain(t);
  await mine(store, 101);
  const tx = await payingTx(store, 1, outputsOf(purchase()));
  t.is(tx.outputs.length, 4, 'author, node and marketplace outputs plus change');
  t.deepEqual(tx.outputs.slice(0, 3).map((o) => o.value), [75_000n, 10_000n, 15_000n]);
  await mineTx(store, tx);
  const p = purchase(toDisplayHex(txid(tx)));
  t.deepEqual(await prove(store, p, 1), { proven: true, confirmations: 1 });
  t.deepEqual(await prove(store, p, 6), { proven: false, reason: `transaction ${p.txid} has 1 of the 6 confirmations [payments] asks for` });
  await mine(store, 5);
  t.deepEqual(await prove(store, p, 6), { proven: true, confirmations: 6 });
});

test('a payment 1 sat short of a share does not prove, naming the address and its share (issue 18)', async (t) => {
  const { store } = await openTestChain(t);
  await mine(store, 101);
  const tx = await payingTx(store, 1, outputsOf(purchase(), (sats, i) => (i === 0 ? sats - 1 : sats)));
  await mineTx(store, tx);
  const p = purchase(toDisplayHex(txid(tx)));
  const author = expectedOutputs(p.payees, payerKey, 'regtest')[0].address;
  const verdict = await prove(store, p, 1);
  t.false(verdict.proven);
  t.is(verdict.proven ? '' : verdict.reason, `transaction ${p.txid} pays 74999 sats to ${author} (author), which is owed 75000 sats`);
});

test('a payment to another address than the derived one does not prove (issue 18)', async (t) => {
  const { store } = await openTestChain(t);
  await mine(store, 101);
  const other = purchase();
  other.payees = other.payees.map((p) => (p.role === 'marketplace' ? { ...p, index: 1 } : p));
  const tx = await payingTx(store, 1, outputsOf(other));
  await mineTx(store, tx);
  const p = purchase(toDisplayHex(txid(tx)));
  const marketplace = expectedOutputs(p.payees, payerKey, 'regtest').find((o) => o.roles.includes('marketplace'))!.address;
  const verdict = await prove(store, p, 1);
  t.false(verdict.proven);
  t.is(verdict.proven ? '' : verdict.reason, `transaction ${p.txid} pays nothing to ${marketplace} (marketplace), which is owed 15000 sats`);
});

test('an unconfirmed payment does not prove', async (t) => {
  const { store } = await openTestChain(t);
  await mine(store, 101);
  const tx = await payingTx(store, 1, outputsOf(purchase()));
  const p = purchase(toDisplayHex(txid(tx)));
  t.deepEqual(await prove(store, p, 1), { proven: false, reason: `transaction ${p.txid} is not on the active chain` });
});

test('a reorg that removes the paying block un-proves the purchase (issue 18)', async (t) => {
  const { store } = await openTestChain(t);
  await mine(store, 101);
  const tx = await payingTx(store, 1, outputsOf(purchase()));
  const block = await mineTx(store, tx);
  await mine(store, 2);
  const p = purchase(toDisplayHex(txid(tx)));
  t.true((await prove(store, p, 1)).proven);
  await store.invalidate(toDisplayHex(blockHash(block.header)));
  await mine(store, 4);
  t.deepEqual(await prove(store, p, 1), { proven: false, reason: `transaction ${p.txid} is not on the active chain` });
});
