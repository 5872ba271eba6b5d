// Real mainnet blocks: every P2PKH, P2WPKH, P2SH-P2WPKH and P2TR key path input whose previous
// output is in the same block verifies, nothing fails, and each of those inputs fails once a
// byte of its signature is flipped. Spends of earlier blocks stay unknown and are reported so.
import { readFileSync } from 'node:fs';
import { parseBlock } from '../../src/chain/block-codec.js';
import { toDisplayHex } from '../../src/chain/hash.js';
import { mainnetParams } from '../../src/chain/params.js';
import { TxDigests, type SpentOutput } from '../../src/chain/sighash.js';
import { txid } from '../../src/chain/tx-codec.js';
import type { Transaction } from '../../src/chain/types.js';
import { validateBlock } from '../../src/chain/validate-block.js';
import { verifyInput } from '../../src/chain/verify-input.js';
import { fixturePath, fixtureTest as test } from '../helpers/fixture-data.js';

const FLAGS = (height: number) => ({ segwit: height >= mainnetParams.segwitHeight, taproot: height >= 709632, strictDer: height >= mainnetParams.bip66Height });

// Flips byte 10 of the signature (inside r of a DER signature, or of a Schnorr signature): the
// first witness item, or the first push of the scriptSig.
function withFlippedSignature(tx: Transaction, index: number): Transaction {
  const inputs = tx.inputs.map((input, i) => {
    if (i !== index) return input;
    if (input.witness.length > 0) {
      const sig = Buffer.from(input.witness[0]);
      sig[10] ^= 0x01;
      return { ...input, witness: [sig, ...input.witness.slice(1)] };
    }
    const script = Buffer.from(input.scriptSig);
    script[1 + 10] ^= 0x01;
    return { ...input, scriptSig: script };
  });
  return { ...tx, inputs };
}

for (const [height, expected] of [
  [277647, { p2pkh: 62 }],
  [481829, { p2pkh: 140 }],
  [540107, { p2pkh: 30, 'p2sh-p2wpkh': 5 }],
  [574200, { p2pkh: 809, 'p2sh-p2wpkh': 61, p2wpkh: 9 }],
  [830000, { p2pkh: 7, p2wpkh: 81, 'p2sh-p2wpkh': 18, 'p2tr-keypath': 8 }],
] as const) {
  test(`mainnet block ${height}: every standard input spending an output of the same block verifies, and fails with a signature byte flipped`, (t) => {
    const block = parseBlock(readFileSync(fixturePath(`blocks/${height}.bin`)));
    const verdict = validateBlock(block, { params: mainnetParams, now: 2_000_000_000, height });
    t.true(verdict.valid);
    t.false(verdict.complete, 'spends of earlier blocks are unknown, so the verdict is incomplete');
    t.is(verdict.scripts?.failed, 0);
    t.deepEqual(verdict.scripts?.verified, expected);
    t.regex(verdict.results.find((r) => r.rule === 'inputs')?.message ?? '', /inputs spend outputs of earlier blocks, unknown without the chain before this block/);

    const outputs = new Map<string, SpentOutput>();
    let flipped = 0;
    for (const tx of block.transactions) {
      const spent = tx.inputs.map((i) => outputs.get(`${toDisplayHex(i.prevTxid)}:${i.prevIndex}`));
      const all = spent.every((s) => s !== undefined) ? (spent as SpentOutput[]) : undefined;
      // validateBlock verified every standard input above; here each one is judged once more with its signature flipped.
      spent.forEach((s, i) => {
        if (s === undefined) return;
        const bad = verifyInput(new TxDigests(withFlippedSignature(tx, i), all), i, s, FLAGS(height));
        if (bad.outcome === 'not-executed') return;
        t.is(bad.outcome, 'failed', `tx ${toDisplayHex(txid(tx))} input ${i}`);
        flipped++;
      });
      const id = toDisplayHex(txid(tx));
      tx.outputs.forEach((o, v) => outputs.set(`${id}:${v}`, { value: o.value, scriptPubKey: o.scriptPubKey }));
    }
    t.is(flipped, Object.values(expected).reduce((a: number, b: number) => a + b, 0));
  });
}
