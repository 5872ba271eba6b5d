import { blockSize, blockWeight, parseBlock, serializeBlock, strippedSize } from '../../src/chain/block-codec.js';
import { blockHash, parseHeader, parseHeaderRun, serializeHeader } from '../../src/chain/header-codec.js';
import { fromDisplayHex, toDisplayHex } from '../../src/chain/hash.js';
import { blockTxids, merkleRoot } from '../../src/chain/merkle.js';
import { hasWitness, parseTransaction, serializeTransaction, txid, wtxid } from '../../src/chain/tx-codec.js';
import { fixtureTest, readFixture, realBlockEntries } from './helpers/fixtures.js';

for (const e of realBlockEntries) {
  fixtureTest(`block ${e.file} re-serializes byte for byte and matches its indexed hash, txids and sizes`, (t) => {
    const bytes = readFixture(e.file);
    const block = parseBlock(bytes);
    t.true(serializeBlock(block).equals(bytes));
    t.is(toDisplayHex(blockHash(block.header)), e.block_hash);
    t.is(toDisplayHex(block.header.prevHash), e.prev_block_hash);
    t.is(block.transactions.length, e.tx_count);
    t.is(block.transactions.filter(hasWitness).length, e.segwit_tx_count);
    const txids = blockTxids(block.transactions);
    t.is(toDisplayHex(txids[0]), e.coinbase_txid);
    t.is(toDisplayHex(merkleRoot(txids).root), e.merkle_root);
    t.is(blockSize(block), e.byte_size);
    t.is(strippedSize(block), e.stripped_size);
    t.is(blockWeight(block), e.weight);
  });
}

fixtureTest('every transaction of a segwit block round-trips alone, and its txid hashes the stripped serialization', (t) => {
  const block = parseBlock(readFixture('blocks/574200.bin'));
  for (const tx of block.transactions) {
    const full = serializeTransaction(tx);
    const again = parseTransaction(full);
    t.true(serializeTransaction(again).equals(full));
    t.true(txid(again).equals(txid(tx)));
    t.true(wtxid(again).equals(wtxid(tx)));
    t.true(txid({ ...tx }).equals(txid(tx)), 'a rebuilt object hashes the same as the parsed one');
    if (!hasWitness(tx)) t.true(wtxid(tx).equals(txid(tx)));
    else t.false(wtxid(tx).equals(txid(tx)));
  }
});

fixtureTest('block 170 carries the first person-to-person transaction f4184fc5…9e16', (t) => {
  const block = parseBlock(readFixture('blocks/170.bin'));
  t.is(toDisplayHex(txid(block.transactions[1])), 'f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16');
  t.is(block.transactions[1].outputs[0].value, 1_000_000_000n);
});

fixtureTest('serializing without witness drops marker, flag and witness stacks', (t) => {
  const block = parseBlock(readFixture('blocks/481829.bin'));
  const coinbase = block.transactions[0];
  t.true(hasWitness(coinbase));
  const stripped = serializeTransaction(coinbase, { witness: false });
  const legacy = parseTransaction(stripped);
  t.false(hasWitness(legacy));
  t.true(txid(legacy).equals(txid(coinbase)));
  t.is(serializeTransaction(coinbase).length - stripped.length, 2 + 1 + 1 + 32);
});

fixtureTest('headers parse and serialize as 80 bytes and display hashes reverse the internal byte order', (t) => {
  const run = readFixture('headers/mainnet-0-9999.bin');
  const headers = parseHeaderRun(run);
  t.is(headers.length, 10000);
  const first = run.subarray(0, 80);
  t.true(serializeHeader(parseHeader(first)).equals(first));
  const hash = blockHash(headers[0]);
  t.is(toDisplayHex(hash), '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f');
  t.true(fromDisplayHex(toDisplayHex(hash)).equals(hash));
  t.is(hash[31], 0x00);
  t.is(hash[0], 0x6f);
});

fixtureTest('a transaction with a 0xfd-prefixed count (3,315 txs) keeps its varint width on re-serialization', (t) => {
  const bytes = readFixture('blocks/574200.bin');
  t.is(bytes[80], 0xfd);
  t.is(bytes.readUInt16LE(81), 3315);
  t.true(serializeBlock(parseBlock(bytes)).subarray(0, 83).equals(bytes.subarray(0, 83)));
});
