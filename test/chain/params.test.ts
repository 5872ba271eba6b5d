import test from 'ava';
import { serializeBlock } from '../../src/chain/block-codec.js';
import { toDisplayHex } from '../../src/chain/hash.js';
import { mainnetParams, networkParams, regtestParams, testnetParams } from '../../src/chain/params.js';
import { BlvmError } from '../../src/errors.js';
import { fixtureTest, readFixture } from './helpers/fixtures.js';

test('the three genesis blocks hash to Bitcoin Core\'s genesis hashes', (t) => {
  t.is(toDisplayHex(mainnetParams.genesisHash), '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f');
  t.is(toDisplayHex(testnetParams.genesisHash), '000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943');
  t.is(toDisplayHex(regtestParams.genesisHash), '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206');
  for (const p of [mainnetParams, testnetParams, regtestParams]) {
    t.is(toDisplayHex(p.genesisBlock.header.merkleRoot), '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b');
  }
});

fixtureTest('the built mainnet genesis block equals the 285-byte fixture', (t) => {
  t.true(serializeBlock(mainnetParams.genesisBlock).equals(readFixture('blocks/0.bin')));
});

test('network parameters carry the consensus constants', (t) => {
  for (const p of [mainnetParams, testnetParams, regtestParams]) {
    t.like(p, { targetSpacing: 600, targetTimespan: 1_209_600, retargetInterval: 2016, maxBlockWeight: 4_000_000, maxFutureBlockTime: 7200 });
  }
  t.like(mainnetParams, { bip34Height: 227931, segwitHeight: 481824, allowMinDifficultyBlocks: false, noRetargeting: false, powLimitBits: 0x1d00ffff });
  t.like(testnetParams, { bip34Height: 21111, allowMinDifficultyBlocks: true, noRetargeting: false });
  t.like(regtestParams, { bip34Height: 1, segwitHeight: 0, allowMinDifficultyBlocks: true, noRetargeting: true, powLimitBits: 0x207fffff });
  t.is(mainnetParams.powLimit, (1n << 224n) - 1n);
});

test('an unknown network name is a usage error', (t) => {
  t.throws(() => networkParams('signet' as never), { instanceOf: BlvmError, code: 'usage', message: /unknown network "signet"/ });
});
