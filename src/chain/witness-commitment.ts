import { sha256dParts } from './hash.js';
import type { TxOutput } from './types.js';

/** OP_RETURN, push 36 bytes, then the BIP141 commitment header aa21a9ed. */
export const WITNESS_COMMITMENT_PREFIX = Buffer.from('6a24aa21a9ed', 'hex');

/** Index of the coinbase output carrying the witness commitment (the highest-index match), or -1. */
export function findWitnessCommitment(outputs: readonly TxOutput[]): number {
  for (let i = outputs.length - 1; i >= 0; i--) {
    const s = outputs[i].scriptPubKey;
    if (s.length >= 38 && Buffer.compare(s.subarray(0, 6), WITNESS_COMMITMENT_PREFIX) === 0) return i;
  }
  return -1;
}

/** sha256d(witness merkle root ‖ witness reserved value). */
export function witnessCommitment(witnessRoot: Uint8Array, reservedValue: Uint8Array): Buffer {
  return sha256dParts([witnessRoot, reservedValue]);
}

/** The 38-byte output script committing to `commitment`. */
export function witnessCommitmentScript(commitment: Uint8Array): Buffer {
  return Buffer.concat([WITNESS_COMMITMENT_PREFIX, commitment]);
}

export function commitmentHex(script: Uint8Array): string {
  return Buffer.from(script.subarray(6, 38)).toString('hex');
}
