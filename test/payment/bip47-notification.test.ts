// BIP47 notification transactions, checked against Alice's published notification transaction
// to Bob (https://gist.github.com/SamouraiDev/6aad669604c5930864bd, linked from bip-0047.mediawiki
// "Test Vectors"; values copied verbatim), and round trip through segwit inputs as the node pays.
import { sha256 } from '@noble/hashes/sha2.js';
import { createBase58check } from '@scure/base';
import test from 'ava';
import { parseTransaction, txid } from '../../src/chain/tx-codec.js';
import { toDisplayHex } from '../../src/chain/hash.js';
import {
  blindingMask,
  blindPayload,
  identityChildPrivateKey,
  identityFromSeed,
  notificationPublicKey,
  notificationScript,
  p2pkhScript,
  parsePaymentCode,
  readNotification,
  secretPointX,
  outpointKeyBytes,
  serializeOutpoint,
  serializePaymentCode,
} from '../../src/payment/bip47/index.js';
import { secp } from '../../src/trust/secp.js';
import { buildSend } from '../../src/wallet/wallet-send.js';
import { WalletKeys } from '../../src/wallet/wallet-keys.js';
import { ALICE_CODE, BOB_CODE, BOB_SEED } from '../fixtures/payment/bip47-vectors.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

const DESIGNATED_WIF = 'Kx983SRhAZpAhj7Aac1wUXMJ6XZeyJKqCxJJ49dxEbYCT4a1ozRD';
const OUTPOINT = '86f411ab1c8e70ae8a0795ab7a6757aea6e4d5ae1826fc7b8f00c597d500609c01000000';
const SHARED_SECRET = '736a25d9250238ad64ed5da03450c6a3f4f8f4dcdf0b58d1ed69029d76ead48d';
const BLINDING_MASK = 'be6e7a4256cac6f4d4ed4639b8c39c4cb8bece40010908e70d17ea9d77b4dc57f1da36f2d6641ccb37cf2b9f3146686462e0fa3161ae74f88c0afd4e307adbd5';
const BLINDED_PAYLOAD = '010002063e4eb95e62791b06c50e1a3a942e1ecaaa9afbbeb324d16ae6821e091611fa96c0cf048f607fe51a0327f5e2528979311c78cb2de0d682c61e1180fc3d543b00000000000000000000000000';
const NOTIFICATION_TX =
  '010000000186f411ab1c8e70ae8a0795ab7a6757aea6e4d5ae1826fc7b8f00c597d500609c010000006b483045022100ac8c6dbc482c79e86c18928a8b364923c774bfdbd852059f6b3778f2319b59a7022029d7cc5724e2f41ab1fcfc0ba5a0d4f57ca76f72f19530ba97c860c70a6bf0a801210272d83d8a1fa323feab1c085157a0791b46eba34afb8bfbfaeb3a3fcc3f2c9ad8ffffffff0210270000000000001976a9148066a8e7ee82e5c5b9b7dc1765038340dc5420a988ac1027000000000000536a4c50010002063e4eb95e62791b06c50e1a3a942e1ecaaa9afbbeb324d16ae6821e091611fa96c0cf048f607fe51a0327f5e2528979311c78cb2de0d682c61e1180fc3d543b0000000000000000000000000000000000';
const NOTIFICATION_TXID = '9414f1681fb1255bd168a806254321a837008dd4480c02226063183deb100204';

const designatedKey = createBase58check(sha256).decode(DESIGNATED_WIF).slice(1, 33);
const bob = identityFromSeed(bytes(BOB_SEED));

test('Alice blinds her payment code for Bob exactly as the published notification transaction does', (t) => {
  const bobCode = parsePaymentCode(BOB_CODE);
  const tx = parseTransaction(bytes(NOTIFICATION_TX));
  t.is(toDisplayHex(txid(tx)), NOTIFICATION_TXID);
  t.is(hex(serializeOutpoint(tx.inputs[0].prevTxid, tx.inputs[0].prevIndex)), OUTPOINT);
  const x = secretPointX(designatedKey, notificationPublicKey(bobCode));
  t.is(hex(x), SHARED_SECRET);
  t.is(hex(blindingMask(x, bytes(OUTPOINT))), BLINDING_MASK);
  t.is(hex(blindPayload(parsePaymentCode(ALICE_CODE), designatedKey, bytes(OUTPOINT), bobCode)), BLINDED_PAYLOAD);
  t.is(hex(tx.outputs[1].scriptPubKey), hex(notificationScript(bytes(BLINDED_PAYLOAD))));
  t.is(hex(tx.outputs[0].scriptPubKey), hex(p2pkhScript(notificationPublicKey(bobCode))), 'the transaction pays Bob\'s notification address');
});

test('Bob reads Alice\'s payment code from the published notification transaction with his notification key', (t) => {
  const tx = parseTransaction(bytes(NOTIFICATION_TX));
  t.is(hex(tx.inputs[0].scriptSig.slice(-33)), hex(secp.getPublicKey(designatedKey, true)));
  t.is(serializePaymentCode(readNotification(tx, identityChildPrivateKey(bob, 0))), ALICE_CODE);
});

test('a notification from a P2WPKH designated input unblinds round trip, and another key does not read it', (t) => {
  const keys = new WalletKeys('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about', 'regtest');
  const coin = { outpoint: `${'ab'.repeat(32)}:3`, value: 100_000n, key: keys.key('receive', 0), height: 1, state: 'spendable' as const };
  const bobCode = parsePaymentCode(BOB_CODE);
  const alice = parsePaymentCode(ALICE_CODE);
  const placeholder = notificationScript(new Uint8Array(80));
  const sent = buildSend({
    coins: [coin],
    outputs: [
      { script: p2pkhScript(notificationPublicKey(bobCode)), amount: 546n },
      { script: placeholder, amount: 0n, scriptFor: (first) => notificationScript(blindPayload(alice, first.key.privateKey, outpointKeyBytes(first.outpoint), bobCode)) },
    ],
    feeRate: 1,
    change: keys.key('change', 0),
  });
  t.is(serializePaymentCode(readNotification(sent.tx, identityChildPrivateKey(bob, 0))), ALICE_CODE);
  t.is(hex(sent.tx.inputs[0].witness[1]), hex(coin.key.publicKey));
  const misread = (() => {
    try {
      return serializePaymentCode(readNotification(sent.tx, identityChildPrivateKey(bob, 1)));
    } catch (error) {
      return String(error);
    }
  })();
  t.not(misread, ALICE_CODE, 'another key does not read the payer\'s code');
});
