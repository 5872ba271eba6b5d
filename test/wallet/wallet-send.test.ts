// Coin selection, change and signing of wallet payments, checked with the chain's own input verifier.
import test from 'ava';
import { TxDigests } from '../../src/chain/sighash.js';
import { txSize } from '../../src/chain/tx-codec.js';
import { verifyInput } from '../../src/chain/verify-input.js';
import { balanceOf, walletCoins, type WalletCoin } from '../../src/wallet/wallet-coins.js';
import { addressScript, WalletKeys } from '../../src/wallet/wallet-keys.js';
import { buildSend, DUST_LIMIT } from '../../src/wallet/wallet-send.js';

const keys = new WalletKeys('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about', 'regtest');
const payee = addressScript(new WalletKeys('legal winner thank year wave sausage worth useful legal winner thank yellow', 'regtest').key('receive', 0).address, 'regtest');
const coin = (n: number, value: bigint, state: WalletCoin['state'] = 'spendable'): WalletCoin => ({ outpoint: `${String(n).repeat(64).slice(0, 64)}:0`, value, key: keys.key('receive', n), height: 1, state });

test('largest coins are spent first, change returns to the change key, and every input verifies', (t) => {
  const coins = [coin(1, 10_000n), coin(2, 50_000n), coin(3, 30_000n), coin(4, 900_000n, 'immature')];
  const sent = buildSend({ coins, outputs: [{ script: payee, amount: 60_000n }], feeRate: 3, change: keys.key('change', 0) });
  t.deepEqual(sent.inputs, [coins[1].outpoint, coins[2].outpoint]);
  t.is(sent.tx.outputs[0].value, 60_000n);
  t.deepEqual(Buffer.from(sent.tx.outputs[1].scriptPubKey), keys.key('change', 0).script);
  t.is(sent.fee + sent.change + 60_000n, 80_000n);
  const vsize = Math.ceil((txSize(sent.tx, false) * 3 + txSize(sent.tx)) / 4);
  t.true(Number(sent.fee) >= vsize * 3, `fee ${sent.fee} for ${vsize} vbytes`);
  const spent = [coins[1], coins[2]].map((c) => ({ value: c.value, scriptPubKey: c.key.script }));
  const digests = new TxDigests(sent.tx, spent);
  for (let i = 0; i < 2; i++) t.like(verifyInput(digests, i, spent[i], { segwit: true, taproot: true, strictDer: true }), { outcome: 'verified', type: 'p2wpkh' });
});

test('change below the dust limit goes to the fee instead of a change output', (t) => {
  const sent = buildSend({ coins: [coin(1, 100_000n)], outputs: [{ script: payee, amount: 100_000n - 200n }], feeRate: 1, change: keys.key('change', 0) });
  t.is(sent.tx.outputs.length, 1);
  t.is(sent.change, 0n);
  t.is(sent.fee, 200n);
});

test('insufficient funds and dust amounts are refused with the sums named', (t) => {
  const coins = [coin(1, 10_000n), coin(2, 5_000_000n, 'immature')];
  t.throws(() => buildSend({ coins, outputs: [{ script: payee, amount: 10_000n }], feeRate: 1, change: keys.key('change', 0) }), {
    message: /insufficient funds: sending 10000 sat at 1 sat\/vB needs 1\d{4} sat; spendable 10000 sat \(5000000 sat more is immature or unconfirmed\)/,
  });
  t.throws(() => buildSend({ coins, outputs: [{ script: payee, amount: DUST_LIMIT - 1n }], feeRate: 1, change: keys.key('change', 0) }), { message: /below the dust limit of 294 sat/ });
});

test('coinbase coins count as spendable from 101 confirmations; mempool spends and outputs are unconfirmed', (t) => {
  const script = keys.key('receive', 0).script;
  const utxos = [
    { key: `${'a'.repeat(64)}:0`, coin: { value: 50n, script, height: 1, coinbase: true } },
    { key: `${'b'.repeat(64)}:0`, coin: { value: 70n, script, height: 2, coinbase: true } },
    { key: `${'c'.repeat(64)}:0`, coin: { value: 9n, script: payee, height: 1, coinbase: false } },
  ];
  const spendB = { version: 2, inputs: [{ prevTxid: Buffer.alloc(32, 0xbb), prevIndex: 0, scriptSig: Buffer.alloc(0), sequence: 0, witness: [] }], outputs: [{ value: 60n, scriptPubKey: script }], locktime: 0 };
  t.deepEqual(balanceOf(walletCoins(101, utxos, [], keys.keys('receive', 1)).coins), { confirmed: 50n, immature: 70n, unconfirmed: 0n, total: 120n });
  t.deepEqual(balanceOf(walletCoins(102, utxos, [spendB], keys.keys('receive', 1)).coins), { confirmed: 50n, immature: 0n, unconfirmed: 60n, total: 110n });
});

test('one payment pays several outputs their exact amounts, with P2PKH dust at 546 sat and OP_RETURN outputs of 0 sat', (t) => {
  const p2pkh = Buffer.from(`76a914${'11'.repeat(20)}88ac`, 'hex');
  const opReturn = Buffer.from(`6a04${'ab'.repeat(4)}`, 'hex');
  const coins = [coin(1, 40_000n), coin(2, 70_000n)];
  const outputs = [
    { script: payee, amount: 50_000n },
    { script: p2pkh, amount: 546n },
    { script: opReturn, amount: 0n, scriptFor: (first: WalletCoin) => Buffer.from(`6a04${first.outpoint.slice(0, 8)}`, 'hex') },
  ];
  const sent = buildSend({ coins, outputs, feeRate: 2, change: keys.key('change', 0) });
  t.deepEqual(
    sent.tx.outputs.slice(0, 3).map((o) => [Buffer.from(o.scriptPubKey).toString('hex'), o.value]),
    [
      [payee.toString('hex'), 50_000n],
      [p2pkh.toString('hex'), 546n],
      [`6a04${coins[1].outpoint.slice(0, 8)}`, 0n],
    ],
  );
  t.deepEqual(sent.inputs, [coins[1].outpoint]);
  t.is(sent.fee + sent.change + 50_546n, 70_000n);
  t.throws(() => buildSend({ coins, outputs: [{ script: payee, amount: 1000n }, { script: p2pkh, amount: 545n }], feeRate: 1, change: keys.key('change', 0) }), {
    message: 'output 1: amount 545 sat is below the dust limit of 546 sat',
  });
});
