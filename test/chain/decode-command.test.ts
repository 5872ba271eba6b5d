import test from 'ava';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeBlock } from '../../src/chain/block-codec.js';
import { run } from '../../src/chain/decode-command.js';
import { regtestParams } from '../../src/chain/params.js';
import { mineRegtestBlock } from '../../src/chain/regtest-miner.js';
import { fixturePath, fixtureTest, readFixture } from './helpers/fixtures.js';

async function decode(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

async function tempFile(t: { teardown(fn: () => Promise<void>): void }, name: string, bytes: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'blvm-chain-decode-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, name);
  await writeFile(file, bytes);
  return file;
}

fixtureTest('a valid block prints its hash, BIP34 height, counts and verdicts, and exits 0', async (t) => {
  const r = await decode(fixturePath('blocks/277647.bin'));
  t.is(r.code, 0);
  t.is(r.err, '');
  t.regex(r.out, /^block 0000000000000000054a714e580b16c583701712ab91060e92dbde6eb1e052a8 \(mainnet\)$/m);
  t.regex(r.out, /height +277647 \(BIP34 height in the coinbase\)/);
  t.regex(r.out, /txs +213 /);
  t.regex(r.out, /size +149164 bytes/);
  t.regex(r.out, /weight +596656/);
  t.regex(r.out, /✓ merkle-root/);
  t.regex(r.out, /\? link .*context-missing/);
  t.regex(r.out, /not validated:\n {2}- scripts other than P2PKH, P2WPKH, P2SH-P2WPKH and the P2TR key path/);
  t.regex(r.out, /\? scripts +62 inputs verified \(p2pkh 62\); not executed: 670 with unknown previous outputs \(not-executed\)/);
  t.regex(r.out, /result: valid/);
});

fixtureTest('a corrupted block exits 1 and names the failed rule with its code', async (t) => {
  const r = await decode(fixturePath('blocks/170.corrupt-txbyte.bin'), '--height', '170');
  t.is(r.code, 1);
  t.regex(r.out, /height +170 \(given\)/);
  t.regex(r.out, /✗ merkle-root +bad-txnmrklroot: merkle root of the 2 txids is 9e3d3ad5/);
  t.regex(r.out, /result: INVALID \(1 rule failed/);
  const nonce = await decode(fixturePath('blocks/170.corrupt-nonce.bin'));
  t.is(nonce.code, 1);
  t.regex(nonce.out, /✗ pow +high-hash/);
});

fixtureTest('--json prints one machine-readable verdict', async (t) => {
  const r = await decode(fixturePath('blocks/574200.corrupt-witness.bin'), '--json');
  t.is(r.code, 1);
  const json = JSON.parse(r.out);
  t.like(json, { kind: 'block', network: 'mainnet', height: 574200, heightSource: 'coinbase', txCount: 3315, valid: false });
  t.deepEqual(json.results.filter((x: { status: string }) => x.status === 'fail').map((x: { code: string }) => x.code), ['bad-witness-merkle-match']);
  t.true(Array.isArray(json.notValidated) && json.notValidated.length > 0);
});

fixtureTest('a header run reports count, first/last hash and each failing header', async (t) => {
  const r = await decode(fixturePath('headers/mainnet-0-2015.corrupt-prevlink.bin'));
  t.is(r.code, 1);
  t.regex(r.out, /^header run: 2016 headers \(mainnet\), heights 0\.\.2015$/m);
  t.regex(r.out, /first +000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f/);
  t.regex(r.out, /✗ height 1000 \(#1000\) .*high-hash.*bad-prevblk/);
  t.regex(r.out, /✗ height 1001 \(#1001\) .*bad-prevblk/);
  t.regex(r.out, /summary: 2016 headers: 2014 valid, 2 failing/);
});

fixtureTest('a valid header run exits 0, and without a height the context gaps are listed', async (t) => {
  const ok = await decode(fixturePath('headers/mainnet-0-9999.bin'), '--json');
  t.is(ok.code, 0);
  t.like(JSON.parse(ok.out), { kind: 'headers', count: 10000, firstHeight: 0, lastHeight: 9999, valid: true, complete: true, chainwork: '0000000000000000000000000000000000000000000000000000271027102710' });
  const stale = await decode(fixturePath('headers/stale-823226.bin'));
  t.is(stale.code, 0);
  t.regex(stale.out, /header run: 1 header \(mainnet\), heights unknown/);
  t.regex(stale.out, /\? #0 0000000000000000000365e705dbbea406f6e383f510d400fa23e40eae71e056: link: .*bits: expected bits not checked: height unknown/);
  const run30000 = await decode(fixturePath('headers/mainnet-30000-39999.bin'), '--height', '30000');
  t.is(run30000.code, 0);
  t.regex(run30000.out, /\? height 30240 \(#240\) .*retarget at 30240 needs the times of headers 28224 and 30239/);
});

test('a mined regtest block decodes as valid with --network regtest and not on mainnet', async (t) => {
  const g = regtestParams.genesisBlock.header;
  const file = await tempFile(t, 'regtest-1.bin', serializeBlock(mineRegtestBlock({ prev: g, height: 1, time: g.time + 600 })));
  const r = await decode(file, '--network', 'regtest');
  t.is(r.code, 0);
  t.regex(r.out, /height +1 \(BIP34 height in the coinbase\)/);
  const main = await decode(file);
  t.is(main.code, 1);
  t.regex(main.out, /bad-target: bits 207fffff target 7fffff0{58} exceeds the mainnet pow limit/);
});

fixtureTest('bytes that are neither a block nor a header run exit 1 with the parse error', async (t) => {
  const block = readFixture('blocks/170.bin');
  const truncated = await tempFile(t, 'truncated.bin', block.subarray(0, 301));
  const r = await decode(truncated);
  t.is(r.code, 1);
  t.regex(r.err, /is neither a block nor a run of 80-byte headers: block tx\[1\]: truncated at offset \d+ reading input scriptSig/);
  const trailing = await tempFile(t, 'trailing.bin', Buffer.concat([block, Buffer.from([0])]));
  const j = await decode(trailing, '--json');
  t.is(j.code, 1);
  t.like(JSON.parse(j.out), { kind: 'unparseable', valid: false, error: 'block: 1 trailing bytes after offset 490' });
});

test('usage errors exit 2 with the usage line', async (t) => {
  for (const argv of [[], [fixturePath('blocks/1.bin'), 'extra'], ['--bogus', fixturePath('blocks/1.bin')], [fixturePath('blocks/1.bin'), '--network', 'signet'], [fixturePath('blocks/1.bin'), '--height', '-3'], [fixturePath('blocks/1.bin'), '--height', 'x']]) {
    const r = await decode(...argv);
    t.is(r.code, 2, argv.join(' '));
    t.regex(r.err, /usage: blvm chain decode FILE/);
  }
  const missing = await decode(fixturePath('blocks/does-not-exist.bin'));
  t.is(missing.code, 2);
  t.regex(missing.err, /cannot read .*does-not-exist\.bin: .*ENOENT/);
  const help = await decode('--help');
  t.is(help.code, 0);
  t.regex(help.out, /^usage: blvm chain decode/);
});
