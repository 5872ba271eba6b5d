// BIP47's published test vectors (https://gist.github.com/SamouraiDev/6aad669604c5930864bd,
// linked from bip-0047.mediawiki "Test Vectors"), copied verbatim.
import { sha256 } from '@noble/hashes/sha2.js';
import { createBase58check } from '@scure/base';
import test from 'ava';
import { secp } from '../../src/trust/secp.js';
import {
  identityChildPrivateKey,
  identityFromSeed,
  notificationPublicKey,
  p2pkhAddress,
  parsePaymentCode,
  paymentCodeOfIdentity,
  paymentCodeProblem,
  receivePrivateKey,
  secretPointX,
  sendPublicKey,
  serializePaymentCode,
} from '../../src/payment/bip47/index.js';
import { ALICE_CODE, ALICE_SEED, BOB_CODE, BOB_SEED } from '../fixtures/payment/bip47-vectors.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

const ALICE_PAYLOAD = '010002b85034fb08a8bfefd22848238257b252721454bbbfba2c3667f168837ea2cdad671af9f65904632e2dcc0c6ad314e11d53fc82fa4c4ea27a4a14eccecc478fee00000000000000000000000000';
const ALICE_NOTIFICATION = '1JDdmqFLhpzcUwPeinhJbUPw4Co3aWLyzW';
const ALICE_A0_PRIVATE = '8d6a8ecd8ee5e0042ad0cb56e3a971c760b5145c3917a8e7beaf0ed92d7a520c';
const ALICE_A0_PUBLIC = '0353883a146a23f988e0f381a9507cbdb3e3130cd81b3ce26daf2af088724ce683';

const BOB_NOTIFICATION = '1ChvUUvht2hUQufHBXF8NgLhW8SwE2ecGV';
const BOB_KEYS = [
  ['04448fd1be0c9c13a5ca0b530e464b619dc091b299b98c5cab9978b32b4a1b8b', '024ce8e3b04ea205ff49f529950616c3db615b1e37753858cc60c1ce64d17e2ad8'],
  ['6bfa917e4c44349bfdf46346d389bf73a18cec6bc544ce9f337e14721f06107b', '03e092e58581cf950ff9c8fc64395471733e13f97dedac0044ebd7d60ccc1eea4d'],
  ['46d32fbee043d8ee176fe85a18da92557ee00b189b533fce2340e4745c4b7b8c', '029b5f290ef2f98a0462ec691f5cc3ae939325f7577fcaf06cfc3b8fc249402156'],
] as const;
const SECRET_POINTS_X = [
  'f5bb84706ee366052471e6139e6a9a969d586e5fe6471a9b96c3d8caefe86fef',
  'adfb9b18ee1c4460852806a8780802096d67a8c1766222598dc801076beb0b4d',
  '79e860c3eb885723bb5a1d54e5cecb7df5dc33b1d56802906762622fa3c18ee5',
];
const ALICE_PAYS_BOB = [
  '141fi7TY3h936vRUKh1qfUZr8rSBuYbVBK', '12u3Uued2fuko2nY4SoSFGCoGLCBUGPkk6',
  '1FsBVhT5dQutGwaPePTYMe5qvYqqjxyftc', '1CZAmrbKL6fJ7wUxb99aETwXhcGeG3CpeA',
  '1KQvRShk6NqPfpr4Ehd53XUhpemBXtJPTL', '1KsLV2F47JAe6f8RtwzfqhjVa8mZEnTM7t',
  '1DdK9TknVwvBrJe7urqFmaxEtGF2TMWxzD', '16DpovNuhQJH7JUSZQFLBQgQYS4QB9Wy8e',
  '17qK2RPGZMDcci2BLQ6Ry2PDGJErrNojT5', '1GxfdfP286uE24qLZ9YRP3EWk2urqXgC4s',
];

const alice = identityFromSeed(bytes(ALICE_SEED));
const bob = identityFromSeed(bytes(BOB_SEED));

test('a seed gives the payment code of the BIP47 vectors at m/47\'/0\'/0\'', (t) => {
  t.is(serializePaymentCode(paymentCodeOfIdentity(alice)), ALICE_CODE);
  t.is(serializePaymentCode(paymentCodeOfIdentity(bob)), BOB_CODE);
});

test('a payment code parses into the published payload and serializes back unchanged', (t) => {
  const code = parsePaymentCode(ALICE_CODE);
  t.is(hex(code.payload), ALICE_PAYLOAD);
  t.is(code.version, 1);
  t.is(serializePaymentCode(code), ALICE_CODE);
  t.is(serializePaymentCode(parsePaymentCode(BOB_CODE)), BOB_CODE);
});

test('notification addresses are the P2PKH addresses of child 0 of each code', (t) => {
  t.is(p2pkhAddress(notificationPublicKey(parsePaymentCode(ALICE_CODE)), 'mainnet'), ALICE_NOTIFICATION);
  t.is(p2pkhAddress(notificationPublicKey(parsePaymentCode(BOB_CODE)), 'mainnet'), BOB_NOTIFICATION);
  t.is(hex(notificationPublicKey(parsePaymentCode(ALICE_CODE))), ALICE_A0_PUBLIC);
});

test('the ECDH parameters a0 and b0..b2 match the vectors', (t) => {
  t.is(hex(identityChildPrivateKey(alice, 0)), ALICE_A0_PRIVATE);
  BOB_KEYS.forEach(([priv, pub], i) => {
    t.is(hex(identityChildPrivateKey(bob, i)), priv);
    t.is(hex(secp.getPublicKey(bytes(priv), true)), pub);
  });
});

test('both sides compute the published secret points', (t) => {
  BOB_KEYS.forEach(([priv, pub], i) => {
    t.is(hex(secretPointX(bytes(ALICE_A0_PRIVATE), bytes(pub))), SECRET_POINTS_X[i]);
    t.is(hex(secretPointX(bytes(priv), bytes(ALICE_A0_PUBLIC))), SECRET_POINTS_X[i]);
  });
});

test('Alice derives the ten published addresses paying Bob, and Bob derives their private keys', (t) => {
  const bobCode = parsePaymentCode(BOB_CODE);
  const aliceCode = parsePaymentCode(ALICE_CODE);
  const a0 = identityChildPrivateKey(alice, 0);
  ALICE_PAYS_BOB.forEach((address, i) => {
    t.is(p2pkhAddress(sendPublicKey(a0, bobCode, i), 'mainnet'), address, `send side, index ${i}`);
    t.is(p2pkhAddress(secp.getPublicKey(receivePrivateKey(bob, aliceCode, i), true), 'mainnet'), address, `receive side, index ${i}`);
  });
});

test('a code with a broken checksum, wrong version byte, bad sign byte or off-curve x is refused with the reason', (t) => {
  t.regex(paymentCodeProblem(`${ALICE_CODE.slice(0, -1)}B`) ?? '', /not base58check/);
  t.regex(paymentCodeProblem('1JDdmqFLhpzcUwPeinhJbUPw4Co3aWLyzW') ?? '', /decodes to 21 bytes/);
  const encode = (mutate: (payload: Uint8Array) => void, prefix = 0x47): string => {
    const payload = parsePaymentCode(ALICE_CODE).payload.slice();
    mutate(payload);
    return createBase58check(sha256).encode(new Uint8Array([prefix, ...payload]));
  };
  t.regex(paymentCodeProblem(encode(() => {}, 0x23)) ?? '', /version byte 0x23 is not 0x47/);
  t.regex(paymentCodeProblem(encode((p) => { p[0] = 2; })) ?? '', /payload version 2 is not supported/);
  t.regex(paymentCodeProblem(encode((p) => { p[2] = 0x04; })) ?? '', /sign byte 0x04/);
  t.regex(paymentCodeProblem(encode((p) => { p.fill(0xff, 3, 35); })) ?? '', /not a point on secp256k1/);
  t.regex(paymentCodeProblem(encode((p) => { p[79] = 1; })) ?? '', /reserved bytes/);
  t.throws(() => parsePaymentCode('PM8Tnope', 'payment.author_payment_code'), { message: /^payment\.author_payment_code: invalid BIP47 payment code/ });
});
