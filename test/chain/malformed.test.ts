import test from 'ava';
import { ByteReader } from '../../src/chain/byte-reader.js';
import { ByteWriter } from '../../src/chain/byte-writer.js';
import { parseBlock } from '../../src/chain/block-codec.js';
import { parseHeader, parseHeaderRun } from '../../src/chain/header-codec.js';
import { fromDisplayHex } from '../../src/chain/hash.js';
import { parseTransaction, serializeTransaction } from '../../src/chain/tx-codec.js';
import { BlvmError } from '../../src/errors.js';
import { fixtureTest, readFixture } from './helpers/fixtures.js';

const protocolError = (pattern: RegExp) => ({ instanceOf: BlvmError, code: 'protocol', message: pattern }) as const;

fixtureTest('a truncated block names the transaction, the field and the offset', (t) => {
  const bytes = readFixture('blocks/170.bin');
  t.throws(() => parseBlock(bytes.subarray(0, 300)), protocolError(/^block tx\[1\]: truncated at offset \d+ reading input scriptSig/));
  t.throws(() => parseBlock(bytes.subarray(0, 40)), protocolError(/^block: truncated at offset 0 reading header: needs 80 bytes, 40 left$/));
  t.throws(() => parseBlock(bytes.subarray(0, 80)), protocolError(/truncated at offset 80 reading transaction count/));
});

fixtureTest('trailing bytes after a complete block are rejected with their count and offset', (t) => {
  const bytes = Buffer.concat([readFixture('blocks/1.bin'), Buffer.from([0, 0, 0])]);
  t.throws(() => parseBlock(bytes), protocolError(/^block: 3 trailing bytes after offset 215$/));
  const tx = serializeTransaction(parseBlock(readFixture('blocks/1.bin')).transactions[0]);
  t.throws(() => parseTransaction(Buffer.concat([tx, Buffer.from([1])])), protocolError(/1 trailing bytes/));
});

fixtureTest('a huge varint count is refused before anything is allocated', (t) => {
  const header = readFixture('blocks/1.bin').subarray(0, 80);
  const ffCount = Buffer.concat([header, Buffer.from('ffffffffffffffffff', 'hex')]);
  t.throws(() => parseBlock(ffCount), protocolError(/CompactSize 18446744073709551615 for transaction count at offset 80 exceeds the maximum 33554432/));
  const feCount = Buffer.concat([header, Buffer.from('fe00000002', 'hex')]);
  t.throws(() => parseBlock(feCount), protocolError(/CompactSize 33554432 for transaction count|claims 33554432 items/));
  const claims = Buffer.concat([header, Buffer.from('fe00001000', 'hex'), Buffer.alloc(100)]);
  t.throws(() => parseBlock(claims), protocolError(/transaction count at offset 80 claims 1048576 items \(at least 10485760 bytes\) but only 100 bytes follow/));
});

test('non-canonical CompactSize encodings are rejected', (t) => {
  for (const hex of ['fdfc00', 'feffff0000', 'ffffffffff00000000']) {
    const r = new ByteReader(Buffer.from(hex, 'hex'), 'test');
    t.throws(() => r.compactSize('count'), protocolError(/non-canonical CompactSize for count at offset 0/));
  }
  t.is(new ByteReader(Buffer.from('fdfd00', 'hex'), 'test').compactSize('count'), 0xfd);
  t.is(new ByteReader(Buffer.from('fe00000100', 'hex'), 'test').compactSize('count'), 0x10000);
});

test('CompactSize writing picks the shortest form', (t) => {
  for (const [n, hex] of [[0xfc, 'fc'], [0xfd, 'fdfd00'], [0xffff, 'fdffff'], [0x10000, 'fe00000100']] as const) {
    const w = new ByteWriter(hex.length / 2);
    w.compactSize(n);
    t.is(w.finish().toString('hex'), hex);
  }
});

test('a script length beyond the end of the data is reported, not read', (t) => {
  const tx = Buffer.from('01000000' + '01' + '00'.repeat(32) + 'ffffffff' + 'fd0010' + '00'.repeat(60), 'hex');
  t.throws(() => parseTransaction(tx), protocolError(/^tx: truncated at offset 41 reading input scriptSig: length 4096 but only 60 bytes left$/));
});

fixtureTest('segwit serializations with an unknown flag or only empty witnesses are rejected', (t) => {
  const block = parseBlock(readFixture('blocks/481829.bin'));
  const raw = serializeTransaction(block.transactions[0]);
  const badFlag = Buffer.from(raw);
  badFlag[5] = 0x02;
  t.throws(() => parseTransaction(badFlag), protocolError(/unknown segwit flag 0x02 at offset 5/));
  const emptyWitness = serializeTransaction({ ...block.transactions[1], inputs: block.transactions[1].inputs });
  const withMarker = Buffer.concat([emptyWitness.subarray(0, 4), Buffer.from([0, 1]), emptyWitness.subarray(4, -4), Buffer.alloc(block.transactions[1].inputs.length), emptyWitness.subarray(-4)]);
  t.throws(() => parseTransaction(withMarker), protocolError(/superfluous witness record/));
});

test('headers must be exactly 80 bytes and header runs a multiple of 80', (t) => {
  t.throws(() => parseHeader(Buffer.alloc(79)), protocolError(/expected 80 bytes, got 79/));
  t.throws(() => parseHeaderRun(Buffer.alloc(170)), protocolError(/170 bytes is not a multiple of 80 \(10 trailing bytes after offset 160\)/));
});

test('display hashes must be 64 hex digits', (t) => {
  t.throws(() => fromDisplayHex('abc'), { instanceOf: BlvmError, message: /expected a 64-hex-digit hash, got "abc"/ });
});
