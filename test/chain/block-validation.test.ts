import { inferBlockHeight, readBip34Height } from '../../src/chain/bip34.js';
import { parseBlock } from '../../src/chain/block-codec.js';
import { mainnetParams } from '../../src/chain/params.js';
import type { Block, Transaction } from '../../src/chain/types.js';
import { validateBlock, type BlockVerdict } from '../../src/chain/validate-block.js';
import { NOT_VALIDATED } from '../../src/chain/verdict.js';
import { fixtureTest, NOW, readFixture, realBlockEntries } from './helpers/fixtures.js';

function validate(block: Block, height?: number): BlockVerdict {
  return validateBlock(block, { params: mainnetParams, now: NOW, height });
}

function failed(v: BlockVerdict): string[] {
  return v.results.filter((r) => r.status === 'fail').map((r) => `${r.rule}:${'code' in r ? r.code : ''}`);
}

for (const e of realBlockEntries) {
  fixtureTest(`block ${e.file} passes every block rule at its height; spends of earlier blocks stay unchecked`, (t) => {
    const v = validate(parseBlock(readFixture(e.file)), e.height);
    t.deepEqual(failed(v), []);
    t.true(v.valid);
    t.is(v.hash, e.block_hash);
    t.is(v.weight, e.weight);
    const unchecked = v.results.filter((r) => r.status === 'unchecked').map((r) => r.rule);
    const spends = e.tx_count > 1 ? ['inputs', 'coinbase-maturity', 'amounts', 'coinbase-amount'] : [];
    const bip30 = e.height > 0 && e.height < mainnetParams.bip34Height ? ['bip30'] : [];
    const expected = e.height === 0 ? [] : ['link', 'median-time', 'bits', ...spends, ...bip30, ...(e.tx_count > 1 ? ['scripts'] : [])];
    t.deepEqual(unchecked, expected, 'the parent-dependent header rules and the rules needing earlier outputs lack context');
    t.deepEqual(v.notValidated, NOT_VALIDATED);
  });
}

fixtureTest('170.corrupt-txbyte fails only the merkle root check, naming both roots', (t) => {
  const v = validate(parseBlock(readFixture('blocks/170.corrupt-txbyte.bin')), 170);
  t.deepEqual(failed(v), ['merkle-root:bad-txnmrklroot']);
  const r = v.results.find((x) => x.rule === 'merkle-root');
  t.regex(r?.message ?? '', /is 9e3d3ad5597b6f418e7014eb1d467105f62d43bed1f6f41746e164a598fdc0a7, header says 7dac2c5666815c17a3b36427de37bb9d2e2c5ccec3f8633eb91a4205cb4c10ff/);
});

fixtureTest('170.corrupt-nonce fails only proof of work', (t) => {
  const v = validate(parseBlock(readFixture('blocks/170.corrupt-nonce.bin')), 170);
  t.deepEqual(failed(v), ['pow:high-hash']);
  t.is(v.hash, 'fca896b512aaee8f4ae3c2077c45b23d7a61b7e6d9a06c9a00d54ca89f5bd8ea');
});

fixtureTest('574200.corrupt-witness fails only the witness commitment', (t) => {
  const v = validate(parseBlock(readFixture('blocks/574200.corrupt-witness.bin')), 574200);
  t.deepEqual(failed(v), ['witness-commitment:bad-witness-merkle-match']);
  t.regex(v.results.find((x) => x.rule === 'witness-commitment')?.message ?? '', /commitment in coinbase output \d+ is [0-9a-f]{64}, computed [0-9a-f]{64}/);
});

fixtureTest('the BIP34 height 277647 is read from the coinbase and checked against a given height', (t) => {
  const block = parseBlock(readFixture('blocks/277647.bin'));
  t.is(readBip34Height(block.transactions[0]), 277647);
  t.is(inferBlockHeight(block, mainnetParams.bip34Height), 277647);
  const wrong = validate(block, 277648);
  t.deepEqual(failed(wrong), ['bip34-height:bad-cb-height']);
  t.regex(wrong.results.find((r) => r.rule === 'bip34-height')?.message ?? '', /starts with height 277647, not the push of height 277648 \(03903c04\)/);
});

fixtureTest('a pre-BIP34 coinbase yields no trusted height', (t) => {
  t.is(inferBlockHeight(parseBlock(readFixture('blocks/170.bin')), mainnetParams.bip34Height), undefined);
});

fixtureTest('duplicating the last transaction of an odd-count block keeps the merkle root but is flagged as the CVE-2012-2459 mutation', (t) => {
  const block = parseBlock(readFixture('blocks/277647.bin'));
  t.is(block.transactions.length % 2, 1);
  const mutated: Block = { ...block, transactions: [...block.transactions, block.transactions[block.transactions.length - 1]] };
  const v = validate(mutated, 277647);
  t.true(failed(v).includes('merkle-mutation:bad-txns-duplicate'));
  t.true(failed(v).includes('unique-txids:duplicate-txid'));
  t.false(failed(v).includes('merkle-root:bad-txnmrklroot'));
});

fixtureTest('a block whose first transaction is not a coinbase, or with a second coinbase, is rejected', (t) => {
  const block = parseBlock(readFixture('blocks/170.bin'));
  const swapped: Block = { ...block, transactions: [block.transactions[1], block.transactions[0]] };
  t.true(failed(validate(swapped, 170)).includes('coinbase:bad-cb-missing'));
  const twice: Block = { ...block, transactions: [block.transactions[0], block.transactions[1], block.transactions[0]] };
  t.true(failed(validate(twice, 170)).includes('coinbase:bad-cb-multiple'));
  t.true(failed(validate({ ...block, transactions: [] }, 170)).includes('size:bad-blk-length'));
});

fixtureTest('witness data without a commitment output is unexpected-witness', (t) => {
  const block = parseBlock(readFixture('blocks/481829.bin'));
  const coinbase = block.transactions[0];
  const noCommitment: Transaction = { ...coinbase, outputs: coinbase.outputs.filter((o) => o.scriptPubKey[0] !== 0x6a) };
  const v = validate({ ...block, transactions: [noCommitment, ...block.transactions.slice(1)] }, 481829);
  t.true(failed(v).includes('witness-commitment:unexpected-witness'));
});

fixtureTest('witness data before segwit activation is unexpected-witness', (t) => {
  const v = validate(parseBlock(readFixture('blocks/481829.bin')), 481823);
  t.true(failed(v).includes('witness-commitment:unexpected-witness'));
  t.regex(v.results.find((r) => r.rule === 'witness-commitment')?.message ?? '', /before segwit activation at height 481824/);
});

fixtureTest('a coinbase witness that is not one 32-byte item is bad-witness-nonce-size', (t) => {
  const block = parseBlock(readFixture('blocks/481829.bin'));
  const coinbase = block.transactions[0];
  const bad: Transaction = { ...coinbase, inputs: [{ ...coinbase.inputs[0], witness: [Buffer.alloc(31)] }] };
  t.true(failed(validate({ ...block, transactions: [bad, ...block.transactions.slice(1)] }, 481829)).includes('witness-commitment:bad-witness-nonce-size'));
});

fixtureTest('a block over 4,000,000 weight fails the weight and size rules', (t) => {
  const block = parseBlock(readFixture('blocks/540107.bin'));
  const big = block.transactions[1];
  const heavy: Block = { ...block, transactions: [block.transactions[0], { ...big, outputs: [{ value: 1n, scriptPubKey: Buffer.alloc(1_100_000) }] }] };
  const f = failed(validate(heavy, 540107));
  t.true(f.includes('weight:bad-blk-weight'));
  t.true(f.includes('size:bad-blk-length'));
  t.true(f.includes('transactions:bad-txns-oversize'));
});

fixtureTest('outputs with negative or excessive amounts are malformed transactions', (t) => {
  const block = parseBlock(readFixture('blocks/170.bin'));
  const tx = block.transactions[1];
  const neg: Block = { ...block, transactions: [block.transactions[0], { ...tx, outputs: [{ ...tx.outputs[0], value: -1n }] }] };
  t.true(failed(validate(neg, 170)).includes('transactions:bad-txns-vout-negative'));
  const rich: Block = { ...block, transactions: [block.transactions[0], { ...tx, outputs: [{ ...tx.outputs[0], value: 2_100_000_000_000_001n }] }] };
  t.true(failed(validate(rich, 170)).includes('transactions:bad-txns-vout-toolarge'));
});

fixtureTest('version 1 after the BIP34 height fails the version floor', (t) => {
  const block = parseBlock(readFixture('blocks/277647.bin'));
  const v = validate({ ...block, header: { ...block.header, version: 1 } }, 277647);
  t.true(failed(v).includes('version:bad-version'));
});

fixtureTest('a block timestamp more than two hours ahead of the given clock is time-too-new', (t) => {
  const block = parseBlock(readFixture('blocks/830000.bin'));
  const v = validateBlock(block, { params: mainnetParams, now: block.header.time - 7201, height: 830000 });
  t.deepEqual(failed(v), ['future-time:time-too-new']);
  t.true(validateBlock(block, { params: mainnetParams, now: block.header.time - 7200, height: 830000 }).valid);
});

fixtureTest('without a height the BIP34 rule is reported unchecked, and segwit rules are applied', (t) => {
  const v = validate(parseBlock(readFixture('blocks/574200.corrupt-witness.bin')));
  t.is(v.results.find((r) => r.rule === 'bip34-height')?.status, 'unchecked');
  t.true(failed(v).includes('witness-commitment:bad-witness-merkle-match'));
});
