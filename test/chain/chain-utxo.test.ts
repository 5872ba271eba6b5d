// The chain store's UTXO set: block connection checks inputs against it (existence, double
// spends, maturity, amounts, the coinbase claim, signatures), refused blocks are never stored,
// and reorgs restore the spent outputs exactly from the undo data.
import test from 'ava';
import * as btc from '@scure/btc-signer';
import type { ChainStore } from '../../src/chain/chain-store.js';
import { blockHash } from '../../src/chain/header-codec.js';
import { fromDisplayHex, toDisplayHex } from '../../src/chain/hash.js';
import { mineRegtestBlock } from '../../src/chain/regtest-miner.js';
import { SqliteDb } from '../../src/store/sqlite.js';
import { parseTransaction, txid } from '../../src/chain/tx-codec.js';
import type { Block, Transaction } from '../../src/chain/types.js';
import { generateBlocks } from '../../src/chain/chain-generate.js';
import { secp } from '../../src/trust/secp.js';
import { NOW } from './helpers/fixtures.js';
import { mine, openTestChain } from './helpers/chain-store.js';

const OP_TRUE = Buffer.from([0x51]);

async function nextBlock(store: ChainStore, txs: Transaction[], fees = 0n): Promise<Block> {
  const base = await store.miningBase();
  return mineRegtestBlock({ prev: base.header, height: base.height + 1, time: Math.max(NOW, base.medianTimePast + 1) + 1, extraTxs: txs, fees });
}

async function coinbaseTxid(store: ChainStore, height: number): Promise<Buffer> {
  return fromDisplayHex((await store.block({ height }, 'decoded')).tx[0].txid);
}

function spend(prev: Buffer, vout: number, value: bigint, script = OP_TRUE): Transaction {
  return { version: 2, inputs: [{ prevTxid: prev, prevIndex: vout, scriptSig: Buffer.alloc(0), sequence: 0xffffffff, witness: [] }], outputs: [{ value, scriptPubKey: script }], locktime: 0 };
}

async function utxoRows(file: string): Promise<string[]> {
  const db = await SqliteDb.open(file);
  try {
    const rows = await db.all<{ outpoint: string; value: number; height: number; coinbase: number; script: Buffer }>('SELECT * FROM utxo ORDER BY outpoint');
    return rows.map((r) => `${r.outpoint} ${r.value} ${r.height} ${r.coinbase} ${r.script.toString('hex')}`);
  } finally {
    await db.close();
  }
}

const SUBSIDY = 5_000_000_000n;

test('a block spending a coinbase before 100 confirmations is refused and not stored', async (t) => {
  const chain = await openTestChain(t);
  await mine(chain.store, 99);
  const block = await nextBlock(chain.store, [spend(await coinbaseTxid(chain.store, 1), 0, SUBSIDY)]);
  const report = await chain.store.acceptBlock(block);
  t.is(report.outcome, 'rejected');
  t.deepEqual(report.rejected?.codes, ['bad-txns-premature-spend-of-coinbase']);
  t.regex(report.rejected?.problems[0] ?? '', /spends the coinbase of height 1 at depth 99 \(needs 100\)/);
  t.false(chain.store.has(toDisplayHex(blockHash(block.header))));
  t.is(chain.store.height(), 99);
  await mine(chain.store, 1);
  t.is((await chain.store.acceptBlock(await nextBlock(chain.store, [spend(await coinbaseTxid(chain.store, 1), 0, SUBSIDY)]))).outcome, 'connected');
});

test('missing outputs, double spends within and across blocks, overspends and an overclaiming coinbase are each refused with their rule', async (t) => {
  const chain = await openTestChain(t);
  await mine(chain.store, 102);
  const cb1 = await coinbaseTxid(chain.store, 1);
  const cb2 = await coinbaseTxid(chain.store, 2);
  const codes = async (txs: Transaction[], fees = 0n) => (await chain.store.acceptBlock(await nextBlock(chain.store, txs, fees))).rejected?.codes;
  t.deepEqual(await codes([spend(Buffer.alloc(32, 7), 0, 1n)]), ['bad-txns-inputs-missingorspent']);
  t.deepEqual(await codes([spend(cb1, 0, 1n), spend(cb1, 0, 2n)]), ['bad-txns-inputs-missingorspent']);
  t.deepEqual(await codes([spend(cb1, 0, SUBSIDY + 1n)]), ['bad-txns-in-belowout']);
  t.deepEqual(await codes([spend(cb1, 0, SUBSIDY - 1000n)], 1001n), ['bad-cb-amount']);
  t.is((await chain.store.acceptBlock(await nextBlock(chain.store, [spend(cb1, 0, SUBSIDY - 1000n)], 1000n))).outcome, 'connected');
  t.deepEqual(await codes([spend(cb1, 0, 1n)]), ['bad-txns-inputs-missingorspent']);
  const first = spend(cb2, 0, SUBSIDY);
  const chained = spend(txid(first), 0, SUBSIDY);
  t.is((await chain.store.acceptBlock(await nextBlock(chain.store, [first, chained]))).outcome, 'connected', 'an output created earlier in the block can be spent');
});


test('a reorg restores the spent outputs exactly, and reconnecting spends them again', async (t) => {
  const chain = await openTestChain(t);
  const main = await mine(chain.store, 101);
  const before = await utxoRows(chain.file);
  const block = await nextBlock(chain.store, [spend(await coinbaseTxid(chain.store, 1), 0, SUBSIDY - 500n)], 500n);
  t.is((await chain.store.acceptBlock(block)).outcome, 'connected');
  const after = await utxoRows(chain.file);
  t.false(after.some((r) => before.includes(r) && r.includes(`:0 ${SUBSIDY} 1 1`)), 'the spent coinbase is gone');
  t.is(after.length, before.length + 1);
  await chain.store.invalidate(toDisplayHex(blockHash(block.header)));
  t.deepEqual(await utxoRows(chain.file), before);
  await chain.store.reconsider(toDisplayHex(blockHash(block.header)));
  t.deepEqual(await utxoRows(chain.file), after);
  await chain.store.invalidate(main[50]);
  t.is(chain.store.height(), 50);
  t.is((await utxoRows(chain.file)).length, 50, 'one coinbase output per remaining block above genesis');
});

test('a P2WPKH spend with a valid signature connects; the same spend with a flipped signature byte is refused (bad signature)', async (t) => {
  const chain = await openTestChain(t);
  const key = secp.utils.randomSecretKey();
  const pub = secp.getPublicKey(key, true);
  const payment = btc.p2wpkh(pub);
  await generateBlocks(chain.store, 101, { payoutScript: payment.script, now: () => NOW });
  const tx = new btc.Transaction();
  tx.addInput({ txid: (await coinbaseTxid(chain.store, 1)).reverse(), index: 0, witnessUtxo: { script: payment.script, amount: SUBSIDY } });
  tx.addOutput({ script: payment.script, amount: SUBSIDY - 1000n });
  tx.sign(key);
  tx.finalize();
  const signed = parseTransaction(tx.extract());
  const sig = Buffer.from(signed.inputs[0].witness[0]);
  sig[10] ^= 1;
  const tampered: Transaction = { ...signed, inputs: [{ ...signed.inputs[0], witness: [sig, signed.inputs[0].witness[1]] }] };
  const bad = await chain.store.acceptBlock(await nextBlock(chain.store, [tampered], 1000n));
  t.deepEqual(bad.rejected?.codes, ['mandatory-script-verify-flag-failed']);
  t.regex(bad.rejected?.problems[0] ?? '', /input 0 \(p2wpkh\): ECDSA signature does not verify/);
  t.is((await chain.store.acceptBlock(await nextBlock(chain.store, [signed], 1000n))).outcome, 'connected');
});

test('a chain store written before the UTXO set existed gets its UTXO set rebuilt from its blocks on open', async (t) => {
  const chain = await openTestChain(t);
  await mine(chain.store, 120);
  await chain.store.acceptBlock(await nextBlock(chain.store, [spend(await coinbaseTxid(chain.store, 3), 0, SUBSIDY)]));
  const expected = await utxoRows(chain.file);
  await chain.store.close();
  const db = await SqliteDb.open(chain.file);
  await db.exec("DELETE FROM utxo; DELETE FROM undo; UPDATE meta SET value = '1' WHERE key = 'schema_version'");
  await db.close();
  await chain.reopen();
  t.deepEqual(await utxoRows(chain.file), expected);
  t.is(expected.length, 121);
});
