import test from 'ava';
import { readBip34Height } from '../../src/chain/bip34.js';
import { parseBlock, serializeBlock } from '../../src/chain/block-codec.js';
import { decodeBits } from '../../src/chain/compact-target.js';
import { HeaderChain } from '../../src/chain/header-chain.js';
import { blockHash } from '../../src/chain/header-codec.js';
import { hashToBigInt } from '../../src/chain/hash.js';
import { regtestParams } from '../../src/chain/params.js';
import { mineRegtestBlock } from '../../src/chain/regtest-miner.js';
import { findWitnessCommitment } from '../../src/chain/witness-commitment.js';
import type { Block, Transaction } from '../../src/chain/types.js';
import { validateBlock } from '../../src/chain/validate-block.js';
import { NOW } from './helpers/fixtures.js';

const genesis = regtestParams.genesisBlock;
const spendWithWitness: Transaction = {
  version: 2,
  inputs: [{ prevTxid: Buffer.alloc(32, 7), prevIndex: 0, scriptSig: Buffer.alloc(0), sequence: 0xfffffffd, witness: [Buffer.alloc(71, 1), Buffer.alloc(33, 2)] }],
  outputs: [{ value: 1000n, scriptPubKey: Buffer.from('0014' + '11'.repeat(20), 'hex') }],
  locktime: 0,
};

/** Mines heights 1..n on regtest genesis, the third block carrying a witness transaction. */
function mineChain(n: number): Block[] {
  const blocks: Block[] = [genesis];
  for (let h = 1; h <= n; h++) {
    blocks.push(mineRegtestBlock({ prev: blocks[h - 1].header, height: h, time: genesis.header.time + 600 * h, extraTxs: h === 3 ? [spendWithWitness] : [] }));
  }
  return blocks;
}

/** Validates blocks[1..] in order, each against the chain built so far. */
function validateChain(blocks: Block[]) {
  const chain = new HeaderChain(regtestParams);
  chain.add(blocks[0].header, NOW);
  return blocks.slice(1).map((block, i) => {
    const verdict = validateBlock(block, { params: regtestParams, now: NOW, height: i + 1, parent: chain.tip });
    chain.add(block.header, NOW);
    return verdict;
  });
}

const failedCodes = (v: ReturnType<typeof validateBlock>) => v.results.filter((r) => r.status === 'fail').map((r) => ('code' in r ? r.code : ''));

test('a mined regtest chain validates block by block with complete context, except the spend of an output from outside it', (t) => {
  const blocks = mineChain(5);
  for (const v of validateChain(blocks)) {
    t.deepEqual(failedCodes(v), []);
    t.true(v.valid);
    const open = v.results.filter((r) => r.status === 'unchecked').map((r) => r.rule);
    t.deepEqual(open, v.height === 3 ? ['inputs', 'coinbase-maturity', 'amounts', 'coinbase-amount', 'scripts'] : [], `height ${v.height}`);
  }
  const target = decodeBits(0x207fffff).target;
  for (const [h, block] of blocks.entries()) {
    t.true(hashToBigInt(blockHash(block.header)) <= target);
    t.is(block.header.bits, 0x207fffff);
    if (h > 0) t.is(readBip34Height(block.transactions[0]), h);
    t.true(serializeBlock(parseBlock(serializeBlock(block))).equals(serializeBlock(block)));
  }
  const run = new HeaderChain(regtestParams).validateRun(blocks.map((b) => b.header), NOW);
  t.true(run.valid && run.complete);
});

test('a block with witness transactions gets a coinbase witness commitment, others do not', (t) => {
  const blocks = mineChain(3);
  t.is(findWitnessCommitment(blocks[2].transactions[0].outputs), -1);
  t.is(findWitnessCommitment(blocks[3].transactions[0].outputs), 1);
  t.deepEqual(blocks[3].transactions[0].inputs[0].witness, [Buffer.alloc(32)]);
});

test('heights 1..16 use OP_N plus OP_0 so the coinbase script stays at least two bytes', (t) => {
  const block = mineRegtestBlock({ prev: genesis.header, height: 1, time: genesis.header.time + 1 });
  t.is(Buffer.from(block.transactions[0].inputs[0].scriptSig).toString('hex'), '5100');
  const paid = mineRegtestBlock({ prev: genesis.header, height: 1, time: genesis.header.time + 1, payoutScript: Buffer.from('6a', 'hex') });
  t.is(Buffer.from(paid.transactions[0].outputs[0].scriptPubKey).toString('hex'), '6a');
  t.is(paid.transactions[0].outputs[0].value, 5_000_000_000n);
});

test('tampering with a mined chain is caught: payout, parent link, height and witness', (t) => {
  const blocks = mineChain(4);
  const cb = blocks[2].transactions[0];
  const richer: Block = { ...blocks[2], transactions: [{ ...cb, outputs: [{ ...cb.outputs[0], value: cb.outputs[0].value + 1n }] }] };
  t.true(failedCodes(validateChain([...blocks.slice(0, 2), richer, ...blocks.slice(3)])[1]).includes('bad-txnmrklroot'));

  const orphan = mineRegtestBlock({ prev: blocks[1].header, height: 4, time: blocks[3].header.time + 600 });
  t.true(failedCodes(validateChain([...blocks.slice(0, 4), orphan])[3]).includes('bad-prevblk'));

  const wrongHeight = mineRegtestBlock({ prev: blocks[3].header, height: 7, time: blocks[3].header.time + 600 });
  t.deepEqual(failedCodes(validateChain([...blocks.slice(0, 4), wrongHeight])[3]), ['bad-cb-height']);

  const w = blocks[3].transactions[1];
  const otherWitness: Transaction = { ...w, inputs: [{ ...w.inputs[0], witness: [Buffer.alloc(71, 9), w.inputs[0].witness[1]] }] };
  const swapped: Block = { ...blocks[3], transactions: [blocks[3].transactions[0], otherWitness] };
  t.deepEqual(failedCodes(validateChain([...blocks.slice(0, 3), swapped, blocks[4]])[2]), ['bad-witness-merkle-match']);
});

test('a regtest block dated before the median of its ancestors is time-too-old', (t) => {
  const blocks = mineChain(3);
  const early = mineRegtestBlock({ prev: blocks[3].header, height: 4, time: genesis.header.time });
  t.deepEqual(failedCodes(validateChain([...blocks, early])[3]), ['time-too-old']);
});
