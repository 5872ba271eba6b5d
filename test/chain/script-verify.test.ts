// Script verification of standard spends, checked against @scure/btc-signer as an independent
// implementation: its sighash preimages must equal ours for every hash type, and inputs it
// signs (P2PKH, P2WPKH, P2SH-P2WPKH, P2TR key path) must verify here, and fail with any byte
// of the signature flipped.
import test from 'ava';
import * as btc from '@scure/btc-signer';
import { randomBytes } from 'node:crypto';
import { parseTransaction, serializeTransaction, txid } from '../../src/chain/tx-codec.js';
import { legacySighash, segwitV0Sighash, taprootSighash, TxDigests, type SpentOutput } from '../../src/chain/sighash.js';
import { verifyInput } from '../../src/chain/verify-input.js';
import { secp } from '../../src/trust/secp.js';
import type { Transaction } from '../../src/chain/types.js';

const FLAGS = { segwit: true, taproot: true, strictDer: true };
const LEGACY_TYPES = [0x00, 0x01, 0x02, 0x03, 0x04, 0x41, 0x81, 0x82, 0x83, 0xff];
const TAPROOT_TYPES = [0x00, 0x01, 0x02, 0x03, 0x81, 0x82, 0x83];
const OPTS = { allowUnknownOutputs: true, allowUnknownInputs: true, disableScriptCheck: true, allowLegacyWitnessUtxo: true };

function randomTx(inputs: number, outputs: number): Transaction {
  return {
    version: 2,
    inputs: Array.from({ length: inputs }, (_, i) => ({ prevTxid: randomBytes(32), prevIndex: i * 3, scriptSig: Buffer.alloc(0), sequence: 0xfffffffe - i, witness: [] })),
    outputs: Array.from({ length: outputs }, (_, i) => ({ value: BigInt(10_000 + i), scriptPubKey: Buffer.concat([Buffer.from([0x00, 0x14]), randomBytes(20)]) })),
    locktime: 500,
  };
}

test('legacy, BIP143 and BIP341 sighashes equal btc-signer preimages for every hash type and input', (t) => {
  let compared = 0;
  for (const [nIn, nOut] of [[3, 2], [2, 3], [1, 1]]) {
    const tx = randomTx(nIn, nOut);
    const theirs = btc.Transaction.fromRaw(serializeTransaction(tx), OPTS) as unknown as {
      preimageLegacy(i: number, s: Uint8Array, h: number): Uint8Array;
      preimageWitnessV0(i: number, s: Uint8Array, h: number, a: bigint): Uint8Array;
      preimageWitnessV1(i: number, s: Uint8Array[], h: number, a: bigint[]): Uint8Array;
    };
    const spent: SpentOutput[] = tx.inputs.map((_, i) => ({ value: BigInt(50_000 + i), scriptPubKey: Buffer.concat([Buffer.from([0x51, 0x20]), randomBytes(32)]) }));
    const digests = new TxDigests(tx, spent);
    const code = Buffer.from(`76a914${randomBytes(20).toString('hex')}88ac`, 'hex');
    for (let i = 0; i < nIn; i++) {
      for (const h of LEGACY_TYPES) {
        if ((h & 0x1f) !== 0x03 || i < nOut) t.deepEqual(Buffer.from(theirs.preimageLegacy(i, code, h)), legacySighash(tx, i, code, h), `legacy input ${i} type ${h}`);
        t.deepEqual(Buffer.from(theirs.preimageWitnessV0(i, code, h, spent[i].value)), segwitV0Sighash(digests, i, code, spent[i].value, h), `v0 input ${i} type ${h}`);
        compared += 2;
      }
      for (const h of TAPROOT_TYPES) {
        if ((h & 0x03) === 0x03 && i >= nOut) continue;
        const ours = taprootSighash(digests, i, h);
        t.deepEqual(Buffer.from(theirs.preimageWitnessV1(i, spent.map((s) => s.scriptPubKey), h, spent.map((s) => s.value))), ours, `v1 input ${i} type ${h}`);
        compared++;
      }
    }
  }
  t.true(compared > 100);
});

test('legacy SIGHASH_SINGLE without a matching output signs the number one, as Bitcoin Core does', (t) => {
  const tx = randomTx(3, 1);
  const one = Buffer.alloc(32);
  one[0] = 1;
  t.deepEqual(legacySighash(tx, 2, Buffer.from([0x51]), 0x03), one);
  t.is(taprootSighash(new TxDigests(tx, tx.inputs.map(() => ({ value: 1n, scriptPubKey: Buffer.from([0x51]) }))), 2, 0x03), undefined);
});

// A funding transaction with one output of each standard type, and a spend of all four that
// btc-signer signs with `hashType` on every input.
function signedSpend(hashType: number): { spend: Transaction; spent: SpentOutput[] } {
  const key = secp.utils.randomSecretKey();
  const pub = secp.getPublicKey(key, true);
  const payments = [btc.p2pkh(pub), btc.p2wpkh(pub), btc.p2sh(btc.p2wpkh(pub)), btc.p2tr(pub.subarray(1))];
  const funding: Transaction = {
    version: 2,
    inputs: [{ prevTxid: randomBytes(32), prevIndex: 0, scriptSig: Buffer.from([0x51]), sequence: 0xffffffff, witness: [] }],
    outputs: payments.map((p, i) => ({ value: BigInt(100_000 * (i + 1)), scriptPubKey: Buffer.from(p.script) })),
    locktime: 0,
  };
  const fundingRaw = serializeTransaction(funding);
  const tx = new btc.Transaction({ allowUnknownOutputs: true });
  payments.forEach((p, i) => {
    const base = { txid: txid(funding).reverse(), index: i, sighashType: hashType };
    const witnessUtxo = { script: p.script, amount: funding.outputs[i].value };
    if (i === 0) tx.addInput({ ...base, nonWitnessUtxo: fundingRaw });
    else if (i === 2) tx.addInput({ ...base, witnessUtxo, redeemScript: (p as { redeemScript: Uint8Array }).redeemScript });
    else if (i === 3) tx.addInput({ ...base, witnessUtxo, tapInternalKey: pub.subarray(1) });
    else tx.addInput({ ...base, witnessUtxo });
  });
  tx.addOutput({ script: btc.p2wpkh(pub).script, amount: 150_000n });
  tx.addOutput({ script: btc.p2pkh(pub).script, amount: 150_000n });
  tx.addOutput({ script: btc.p2wpkh(pub).script, amount: 150_000n });
  tx.addOutput({ script: btc.p2wpkh(pub).script, amount: 150_000n });
  for (let i = 0; i < 4; i++) tx.signIdx(key, i, [hashType]);
  tx.finalize();
  return { spend: parseTransaction(tx.extract()), spent: funding.outputs.map((o) => ({ value: o.value, scriptPubKey: o.scriptPubKey })) };
}

for (const hashType of [0x01, 0x02, 0x03, 0x81, 0x82, 0x83]) {
  test(`P2PKH, P2WPKH, P2SH-P2WPKH and P2TR key path inputs signed by btc-signer with hash type 0x${hashType.toString(16)} verify, and fail with a signature byte flipped`, (t) => {
    const { spend, spent } = signedSpend(hashType);
    const digests = new TxDigests(spend, spent);
    const types = spend.inputs.map((_, i) => verifyInput(digests, i, spent[i], FLAGS));
    t.deepEqual(types, [
      { outcome: 'verified', type: 'p2pkh' },
      { outcome: 'verified', type: 'p2wpkh' },
      { outcome: 'verified', type: 'p2sh-p2wpkh' },
      { outcome: 'verified', type: 'p2tr-keypath' },
    ]);
    for (let i = 0; i < 4; i++) {
      const input = spend.inputs[i];
      const sig = i === 0 ? input.scriptSig.subarray(1, 1 + input.scriptSig[0]) : input.witness[0];
      for (const at of [5, sig.length - 2]) {
        const tampered = Buffer.from(sig);
        tampered[at] ^= 0x01;
        const copy: Transaction = {
          ...spend,
          inputs: spend.inputs.map((inp, j) => {
            if (j !== i) return inp;
            if (i === 0) return { ...inp, scriptSig: Buffer.concat([Buffer.from([tampered.length]), tampered, inp.scriptSig.subarray(1 + sig.length)]) };
            return { ...inp, witness: [tampered, ...inp.witness.slice(1)] };
          }),
        };
        const verdict = verifyInput(new TxDigests(copy, spent), i, spent[i], FLAGS);
        t.is(verdict.outcome, 'failed', `input ${i} with byte ${at} flipped: ${JSON.stringify(verdict)}`);
      }
    }
  });
}
