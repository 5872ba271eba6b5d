import test from 'ava';
import { workFromBits } from '../../src/chain/compact-target.js';
import { HeaderChain, type HeaderVerdict } from '../../src/chain/header-chain.js';
import { blockHash, parseHeader, parseHeaderRun } from '../../src/chain/header-codec.js';
import { parentContextFromKnown } from '../../src/chain/header-context.js';
import { bytesEqual, fromDisplayHex, toDisplayHex, uint256Hex } from '../../src/chain/hash.js';
import { mainnetParams, testnetParams } from '../../src/chain/params.js';
import { field, fixtureTest, loadBoundaries, NOW, readFixture } from './helpers/fixtures.js';

const codes = (v: HeaderVerdict): string[] => v.results.filter((r) => r.status === 'fail').map((r) => ('code' in r ? r.code : ''));
const uncheckedRules = (v: HeaderVerdict): string[] => v.results.filter((r) => r.status === 'unchecked').map((r) => r.rule);
const boundaries = loadBoundaries();
const chainworkAt = (height: number): string | undefined => boundaries.meta.find((m) => m.height === height)?.chainwork;
const boundaryChainwork = (height: number): string => {
  const cw = chainworkAt(height);
  if (cw === undefined) throw new Error(`no boundary chainwork at ${height}`);
  return cw;
};

fixtureTest('mainnet headers 0..9999 validate header by header from genesis with complete context', (t) => {
  const headers = parseHeaderRun(readFixture('headers/mainnet-0-9999.bin'));
  const report = new HeaderChain(mainnetParams).validateRun(headers, NOW);
  t.true(report.valid);
  t.true(report.complete);
  t.deepEqual(report.failed, []);
  t.deepEqual(report.incomplete, []);
  t.is(report.firstHeight, 0);
  t.is(report.lastHeight, 9999);
  t.is(report.lastHash, field('headers/mainnet-0-9999.bin', 'last_hash'));
  t.is(report.chainwork, 0x271027102710n);
});

fixtureTest('the early retargets (2016..8064) are recomputed and clamped to the pow limit', (t) => {
  const headers = parseHeaderRun(readFixture('headers/mainnet-0-9999.bin'));
  const chain = new HeaderChain(mainnetParams);
  for (let h = 0; h < headers.length; h++) {
    const v = chain.add(headers[h], NOW, h);
    if (h > 0 && h % 2016 === 0) {
      const bits = v.results.find((r) => r.rule === 'bits');
      t.is(bits?.status, 'pass');
      t.regex(bits?.message ?? '', new RegExp(`retarget at ${h}: actual timespan \\d+ s.*limited to the pow limit`));
    }
    const expected = chainworkAt(h);
    if (expected !== undefined) t.is(uint256Hex(chain.tip.chainwork ?? -1n), expected, `chainwork at ${h}`);
  }
});

fixtureTest('mainnet headers 30000..39999 validate with context derived from the retarget boundaries, saying which checks lacked context', (t) => {
  const headers = parseHeaderRun(readFixture('headers/mainnet-30000-39999.bin'));
  const parent = parentContextFromKnown(mainnetParams, boundaries.known, 29999);
  t.is(parent.hash, undefined);
  t.is(parent.bits, 0x1d00ffff);
  t.is(parent.periodStartTime, boundaries.meta.find((m) => m.height === 28224)?.time);
  t.deepEqual(parent.recentTimes, []);
  const report = new HeaderChain(mainnetParams, parent).validateRun(headers, NOW);
  t.true(report.valid);
  t.false(report.complete);
  t.deepEqual(report.failed, []);
  t.deepEqual(report.incomplete.map((v) => v.height), [30000, 30001, 30002, 30003, 30004, 30005]);
  t.deepEqual(uncheckedRules(report.incomplete[0]), ['link', 'median-time']);
  for (const v of report.incomplete.slice(1)) t.deepEqual(uncheckedRules(v), ['median-time']);
  for (const v of report.incomplete) {
    for (const r of v.results.filter((x) => x.status === 'unchecked')) t.is('code' in r ? r.code : '', 'context-missing');
  }
  t.regex(report.incomplete[5].results.find((r) => r.rule === 'median-time')?.message ?? '', /only 5 of the previous 11 header times known/);
  t.is(report.lastHash, field('headers/mainnet-30000-39999.bin', 'last_hash'));
});

fixtureTest('in the 30000 run the partially known median time is still proven from the sixth header on, and retargets are checked', (t) => {
  const headers = parseHeaderRun(readFixture('headers/mainnet-30000-39999.bin'));
  const parent = parentContextFromKnown(mainnetParams, boundaries.known, 29999);
  const prev = field('headers/mainnet-30000-39999.bin', 'first_prev_hash');
  const chain = new HeaderChain(mainnetParams, { ...parent, hash: fromDisplayHex(prev) });
  const retargets: Record<number, string> = {};
  for (let i = 0; i < headers.length; i++) {
    const v = chain.add(headers[i], NOW, i);
    t.true(v.valid);
    if (i === 0) t.is(v.results.find((r) => r.rule === 'link')?.status, 'pass');
    if (i === 6) t.regex(v.results.find((r) => r.rule === 'median-time')?.message ?? '', /upper bound of median-time-past \(6 of 11/);
    if (v.height !== undefined && v.height % 2016 === 0) {
      t.is(v.results.find((r) => r.rule === 'bits')?.status, 'pass');
      retargets[v.height] = headers[i].bits.toString(16);
    }
  }
  t.deepEqual(retargets, { 30240: '1d00ffff', 32256: '1d00d86a', 34272: '1d00c428', 36288: '1d00be71', 38304: '1d008cc3' });
  t.is(toDisplayHex(blockHash(headers[3333])), '000000002dd5588a74784eaa7ab0507a18ad16a236e7b1ce69f00d7ddfb5d0a6');
});

fixtureTest('mainnet-0-2015.corrupt-prevlink breaks the link 999→1000, fails header 1000 proof of work and unlinks 1001', (t) => {
  const headers = parseHeaderRun(readFixture('headers/mainnet-0-2015.corrupt-prevlink.bin'));
  const report = new HeaderChain(mainnetParams).validateRun(headers, NOW);
  t.false(report.valid);
  t.deepEqual(report.failed.map((v) => v.height), [1000, 1001]);
  t.deepEqual(codes(report.failed[0]), ['high-hash', 'bad-prevblk']);
  t.deepEqual(codes(report.failed[1]), ['bad-prevblk']);
  t.regex(report.failed[0].results.find((r) => r.rule === 'link')?.message ?? '', /is not the hash of height 999 0000000008e647742775a230787d66fdf92c46a48c896bfbc85cdc8acc67e87d/);
});

fixtureTest('the modern run 822528..830592 validates from boundary context and ends at the indexed chainwork', (t) => {
  const headers = parseHeaderRun(readFixture('headers/mainnet-822528-830592.bin'));
  const parent = parentContextFromKnown(mainnetParams, boundaries.known, 822527);
  t.is(uint256Hex(parent.chainwork ?? -1n), boundaryChainwork(822527));
  const report = new HeaderChain(mainnetParams, parent).validateRun(headers, NOW);
  t.true(report.valid);
  t.deepEqual(report.incomplete.map((v) => v.height), [822528, 822529, 822530, 822531, 822532]);
  t.is(uint256Hex(report.chainwork ?? -1n), boundaryChainwork(830592));
});

fixtureTest('the stale header 823226 extends main-chain 823225 with equal work but is not main-chain 823226', (t) => {
  const headers = parseHeaderRun(readFixture('headers/mainnet-822528-830592.bin'));
  const stale = parseHeader(readFixture('headers/stale-823226.bin'));
  const chain = new HeaderChain(mainnetParams, parentContextFromKnown(mainnetParams, boundaries.known, 822527));
  for (let h = 822528; h <= 823225; h++) chain.add(headers[h - 822528], NOW);
  const main823226 = headers[823226 - 822528];
  t.true(bytesEqual(stale.prevHash, blockHash(headers[823225 - 822528])));
  t.true(bytesEqual(stale.prevHash, main823226.prevHash));
  t.false(bytesEqual(blockHash(stale), blockHash(main823226)));
  t.is(toDisplayHex(blockHash(stale)), field('headers/stale-823226.bin', 'block_hash'));
  t.is(toDisplayHex(blockHash(main823226)), field('headers/stale-823226.bin', 'main_chain_hash_at_height'));
  const staleVerdict = chain.check(stale, NOW);
  const mainVerdict = chain.check(main823226, NOW);
  t.true(staleVerdict.valid && staleVerdict.complete);
  t.true(mainVerdict.valid && mainVerdict.complete);
  t.is(staleVerdict.height, 823226);
  t.is(workFromBits(stale.bits), workFromBits(main823226.bits));
});

fixtureTest('a timestamp not after the median of the previous 11 is time-too-old', (t) => {
  const headers = parseHeaderRun(readFixture('headers/mainnet-0-9999.bin'));
  const chain = new HeaderChain(mainnetParams);
  for (let h = 0; h <= 100; h++) chain.add(headers[h], NOW);
  const times = headers.slice(90, 101).map((h) => h.time).sort((a, b) => a - b);
  const v = chain.check({ ...headers[101], time: times[5] }, NOW);
  t.true(codes(v).includes('time-too-old'));
  t.regex(v.results.find((r) => r.rule === 'median-time')?.message ?? '', new RegExp(`time ${times[5]} .* is not after median-time-past ${times[5]}`));
});

fixtureTest('bits that differ from the required next work are bad-diffbits', (t) => {
  const headers = parseHeaderRun(readFixture('headers/mainnet-0-9999.bin'));
  const chain = new HeaderChain(mainnetParams);
  for (let h = 0; h < 50; h++) chain.add(headers[h], NOW);
  const v = chain.check({ ...headers[50], bits: 0x1d00fffe }, NOW);
  t.true(codes(v).includes('bad-diffbits'));
  t.regex(v.results.find((r) => r.rule === 'bits')?.message ?? '', /bits 1d00fffe at height 50 differ from the required 1d00ffff \(unchanged within a difficulty period\)/);
});

fixtureTest('a first header that is not the network genesis is bad-genesis', (t) => {
  const mainGenesis = parseHeaderRun(readFixture('headers/mainnet-0-9999.bin'))[0];
  const v = new HeaderChain(testnetParams).check(mainGenesis, NOW);
  t.deepEqual(codes(v), ['bad-genesis']);
  t.regex(v.results.find((r) => r.rule === 'genesis')?.message ?? '', /not the testnet genesis 000000000933ea01/);
});

test('the testnet chain tracks the last non-min-difficulty bits across min-difficulty blocks', (t) => {
  const chain = new HeaderChain(testnetParams, { height: 4031, recentTimes: [1000], time: 1000, bits: 0x1c00ffff, periodStartTime: 0 });
  const base = { version: 4, prevHash: Buffer.alloc(32), merkleRoot: Buffer.alloc(32), nonce: 0 };
  chain.advance({ ...base, time: 2000, bits: 0x1c0fffff });
  t.is(chain.tip.lastNonMinBits, 0x1c0fffff, 'a period start always counts');
  chain.advance({ ...base, time: 4000, bits: testnetParams.powLimitBits });
  t.is(chain.tip.lastNonMinBits, 0x1c0fffff, 'a min-difficulty block does not');
  chain.advance({ ...base, time: 4100, bits: 0x1c0fffff });
  t.is(chain.tip.lastNonMinBits, 0x1c0fffff);
  const late = chain.check({ ...base, time: 4100 + 1201, bits: testnetParams.powLimitBits }, NOW);
  t.is(late.results.find((r) => r.rule === 'bits')?.status, 'pass');
  const early = chain.check({ ...base, time: 4100 + 1200, bits: testnetParams.powLimitBits }, NOW);
  t.regex(early.results.find((r) => r.rule === 'bits')?.message ?? '', /differ from the required 1c0fffff \(bits of the last non-min-difficulty block\)/);
});
