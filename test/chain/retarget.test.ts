import test from 'ava';
import { decodeBits, encodeTarget, workFromBits } from '../../src/chain/compact-target.js';
import { HeaderChain } from '../../src/chain/header-chain.js';
import { blockHash } from '../../src/chain/header-codec.js';
import { checkProofOfWork } from '../../src/chain/header-rules.js';
import { parentContextFromKnown } from '../../src/chain/header-context.js';
import { bytesEqual, toDisplayHex, uint256Hex } from '../../src/chain/hash.js';
import { mainnetParams, regtestParams } from '../../src/chain/params.js';
import { calculateRetarget, expectedBits } from '../../src/chain/retarget.js';
import { fixtureTest, loadBoundaries, NOW } from './helpers/fixtures.js';

const { meta, known } = loadBoundaries();
const at = (height: number) => {
  const i = meta.findIndex((m) => m.height === height);
  if (i < 0) throw new Error(`no boundary header at ${height}`);
  return known[i];
};

fixtureTest('every boundary header matches its JSON hash, links across the period boundary and meets its own target', (t) => {
  for (let i = 0; i < known.length; i++) {
    const hash = blockHash(known[i].header);
    t.is(toDisplayHex(hash), meta[i].hash);
    t.is(toDisplayHex(known[i].header.prevHash), meta[i].prev_hash);
    t.true(checkProofOfWork(mainnetParams, known[i].header, hash).every((r) => r.status === 'pass'), `pow at ${meta[i].height}`);
    if (meta[i].height > 0 && meta[i].height % 2016 === 0) t.true(bytesEqual(known[i].header.prevHash, blockHash(known[i - 1].header)));
  }
});

fixtureTest('every mainnet retarget from 2016 to 832608 is recomputed and matches, with the only 4× clamp at 68544', (t) => {
  let changes = 0;
  const clamped: number[] = [];
  for (let k = 1; k <= 413; k++) {
    const first = at((k - 1) * 2016).header;
    const last = at(k * 2016 - 1).header;
    const next = at(k * 2016).header;
    const r = calculateRetarget(mainnetParams, last.bits, first.time, last.time);
    t.is(r.bits.toString(16), next.bits.toString(16), `retarget at ${k * 2016}`);
    if (next.bits !== last.bits) changes++;
    if (r.clamp !== 'none') clamped.push(k * 2016);
  }
  t.is(changes, 398);
  t.deepEqual(clamped, [68544]);
  const r68544 = calculateRetarget(mainnetParams, at(68543).header.bits, at(66528).header.time, at(68543).header.time);
  t.like(r68544, { actualTimespan: 289434, usedTimespan: 302400, clamp: 'fast', limitedByPowLimit: false });
});

fixtureTest('a HeaderChain started from boundary context checks the bits of every period start', (t) => {
  for (let k = 1; k <= 413; k++) {
    const chain = new HeaderChain(mainnetParams, parentContextFromKnown(mainnetParams, known, k * 2016 - 1));
    const v = chain.check(at(k * 2016).header, NOW);
    t.true(v.valid, `header ${k * 2016}`);
    t.is(v.results.find((r) => r.rule === 'bits')?.status, 'pass');
    t.is(v.results.find((r) => r.rule === 'link')?.status, 'pass');
  }
});

fixtureTest('cumulative chainwork from the bits matches every chainwork in the boundary JSON', (t) => {
  let work = workFromBits(at(0).header.bits);
  t.is(uint256Hex(work), meta[0].chainwork);
  for (let k = 1; k <= 413; k++) {
    const periodBits = at((k - 1) * 2016).header.bits;
    work += 2015n * workFromBits(periodBits);
    t.is(uint256Hex(work), meta[2 * k - 1].chainwork, `chainwork at ${k * 2016 - 1}`);
    work += workFromBits(at(k * 2016).header.bits);
    t.is(uint256Hex(work), meta[2 * k].chainwork, `chainwork at ${k * 2016}`);
  }
});

test('the work of a target is 2^256 / (target + 1)', (t) => {
  t.is(workFromBits(0x1d00ffff), 0x100010001n);
  t.is(workFromBits(0x207fffff), 2n);
  t.is(workFromBits(0x01803456), 0n, 'negative bits carry no work');
});

test('compact bits decode and re-encode like Bitcoin Core (SetCompact/GetCompact vectors)', (t) => {
  const vectors: [number, bigint, number][] = [
    [0x01123456, 0x12n, 0x01120000],
    [0x02123456, 0x1234n, 0x02123400],
    [0x03123456, 0x123456n, 0x03123456],
    [0x04123456, 0x12345600n, 0x04123456],
    [0x05009234, 0x92340000n, 0x05009234],
    [0x20123456, 0x123456n << 232n, 0x20123456],
    [0x1d00ffff, 0xffffn << 208n, 0x1d00ffff],
  ];
  for (const [bits, target, compact] of vectors) {
    const d = decodeBits(bits);
    t.is(d.target, target);
    t.false(d.negative || d.overflow);
    t.is(encodeTarget(target), compact);
  }
  for (const zero of [0, 0x00123456, 0x01003456, 0x02000056, 0x03000000, 0x04000000, 0x00923456, 0x01803456]) t.is(decodeBits(zero).target, 0n);
  t.true(decodeBits(0x04923456).negative);
  t.true(decodeBits(0x01fedcba).negative);
  t.true(decodeBits(0xff123456).overflow);
  t.is(encodeTarget(mainnetParams.powLimit), 0x1d00ffff);
  t.is(encodeTarget(regtestParams.powLimit), 0x207fffff);
});

fixtureTest('negative, overflowing, zero or above-limit bits fail the target rule', (t) => {
  const header = at(0).header;
  const hash = blockHash(header);
  for (const [bits, reason] of [
    [0x04923456, /negative target/],
    [0xff123456, /overflows 256 bits/],
    [0x03000000, /zero target/],
    [0x1d010000, /exceeds the mainnet pow limit 00000000ffffffff/],
  ] as const) {
    const results = checkProofOfWork(mainnetParams, { ...header, bits }, hash);
    t.like(results[0], { rule: 'target', status: 'fail', code: 'bad-target' });
    t.regex(results[0].message, reason);
    t.is(results[1].status, 'unchecked');
  }
});

test('regtest never retargets and uses the pow limit for late blocks', (t) => {
  const r = expectedBits(regtestParams, { height: 2016, time: 100, tipBits: 0x207fffff, tipTime: 90, periodStartTime: 0 });
  t.like(r, { kind: 'known', bits: 0x207fffff });
  t.is(calculateRetarget(regtestParams, 0x207fffff, 0, 1).bits, 0x207fffff);
});

test('a retarget without the period start time says which headers it needs', (t) => {
  const r = expectedBits(mainnetParams, { height: 32256, time: 0, tipBits: 0x1d00ffff, tipTime: 1 });
  t.deepEqual(r, { kind: 'missing', reason: 'retarget at 32256 needs the times of headers 30240 and 32255' });
});
