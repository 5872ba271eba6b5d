import { bytesEqual } from './hash.js';
import { witnessMerkleRoot } from './merkle.js';
import type { NetworkParams } from './params.js';
import { hasWitness } from './tx-codec.js';
import type { Block } from './types.js';
import { fail, pass, type RuleResult } from './verdict.js';
import { commitmentHex, findWitnessCommitment, witnessCommitment } from './witness-commitment.js';

// BIP141 as Bitcoin Core's ContextualCheckBlock applies it: once segwit is active a commitment
// output (if any) must match the witness merkle root and the coinbase's reserved value, and
// witness data anywhere requires such a commitment. Unknown height: segwit treated as active.
export function checkWitnessCommitment(params: NetworkParams, block: Block, height: number | undefined, txids?: readonly Buffer[]): RuleResult {
  const txs = block.transactions;
  const firstWitness = txs.findIndex(hasWitness);
  if (height !== undefined && height < params.segwitHeight) {
    if (firstWitness >= 0) {
      return fail('witness-commitment', 'unexpected-witness', `tx[${firstWitness}] has witness data before segwit activation at height ${params.segwitHeight}`);
    }
    return pass('witness-commitment', `no witness data (segwit not active before height ${params.segwitHeight})`);
  }
  const coinbase = txs[0];
  const index = coinbase === undefined ? -1 : findWitnessCommitment(coinbase.outputs);
  if (index < 0) {
    if (firstWitness >= 0) {
      return fail('witness-commitment', 'unexpected-witness', `tx[${firstWitness}] has witness data but the coinbase has no witness commitment output`);
    }
    return pass('witness-commitment', 'no witness data and no commitment');
  }
  const stack = coinbase.inputs[0]?.witness ?? [];
  if (stack.length !== 1 || stack[0].length !== 32) {
    const shape = stack.length === 0 ? 'no witness' : `${stack.length} witness item(s) of ${stack.map((s) => s.length).join('/')} bytes`;
    return fail('witness-commitment', 'bad-witness-nonce-size', `coinbase witness must be a single 32-byte reserved value, found ${shape}`);
  }
  const root = witnessMerkleRoot(txs, txids);
  const computed = witnessCommitment(root, stack[0]);
  const script = coinbase.outputs[index].scriptPubKey;
  if (!bytesEqual(computed, script.subarray(6, 38))) {
    return fail(
      'witness-commitment',
      'bad-witness-merkle-match',
      `witness commitment in coinbase output ${index} is ${commitmentHex(script)}, computed ${computed.toString('hex')} from witness merkle root ${root.toString('hex')} and the reserved value`,
    );
  }
  return pass('witness-commitment', `witness commitment in coinbase output ${index} matches`);
}
