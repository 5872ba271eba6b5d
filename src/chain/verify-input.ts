// Executes one input's spend of a standard single-key output: P2PKH, P2WPKH, P2SH-P2WPKH and
// the P2TR key path, with every hash type. Whatever else an input spends (P2PK, multisig, P2WSH,
// P2SH other than P2SH-P2WPKH, taproot script paths, …) is reported as not executed: never valid.
import { secp } from '../trust/secp.js';
import { derToCompact, isStrictDer } from './der-signature.js';
import { bytesEqual } from './hash.js';
import { hash160 } from './hash160.js';
import { outputType, p2pkhScript, readPushes, scriptHash20, witnessProgram, type OutputType } from './script-types.js';
import { legacySighash, segwitV0Sighash, taprootSighash, type SpentOutput, type TxDigests } from './sighash.js';

/** Which script rules the block's height activates. */
export interface ScriptFlags {
  /** BIP141/143: witness programs are executed (otherwise they are anyone-can-spend). */
  segwit: boolean;
  /** BIP341: witness v1 programs are executed. */
  taproot: boolean;
  /** BIP66: ECDSA signatures must be strict DER. */
  strictDer: boolean;
}

export type InputVerdict =
  | { outcome: 'verified'; type: SpendType }
  | { outcome: 'failed'; type: SpendType; reason: string }
  | { outcome: 'not-executed'; type: string; reason: string };

export type SpendType = 'p2pkh' | 'p2wpkh' | 'p2sh-p2wpkh' | 'p2tr-keypath';

/** Runs input `index` of `digests.tx` spending `spent`. */
export function verifyInput(digests: TxDigests, index: number, spent: SpentOutput, flags: ScriptFlags): InputVerdict {
  const input = digests.tx.inputs[index];
  const type = outputType(spent.scriptPubKey);
  switch (type) {
    case 'p2pkh': {
      if (input.witness.length > 0 && flags.segwit) return { outcome: 'failed', type, reason: 'witness data on a non-witness spend' };
      const pushes = readPushes(input.scriptSig);
      if (pushes === undefined || pushes.length !== 2) return { outcome: 'not-executed', type, reason: 'scriptSig is not exactly <sig> <pubkey>' };
      const [sig, pub] = pushes;
      if (!bytesEqual(hash160(pub), scriptHash20(spent.scriptPubKey))) return { outcome: 'failed', type, reason: 'public key does not hash to the script' };
      return ecdsa(type, sig, pub, flags, (t) => legacySighash(digests.tx, index, spent.scriptPubKey, t));
    }
    case 'p2wpkh': {
      if (!flags.segwit) return { outcome: 'not-executed', type, reason: 'witness program before segwit activation' };
      if (input.scriptSig.length > 0) return { outcome: 'failed', type, reason: 'native witness spend with a non-empty scriptSig' };
      return p2wpkh(type, digests, index, spent, witnessProgram(spent.scriptPubKey)!.program);
    }
    case 'p2sh':
      return p2sh(digests, index, spent, flags);
    case 'p2tr':
      if (!flags.taproot) return { outcome: 'not-executed', type, reason: 'witness v1 program before taproot activation' };
      if (input.scriptSig.length > 0) return { outcome: 'failed', type: 'p2tr-keypath', reason: 'native witness spend with a non-empty scriptSig' };
      return taprootKeyPath(digests, index, witnessProgram(spent.scriptPubKey)!.program);
    default:
      return { outcome: 'not-executed', type, reason: `${type} outputs are not executed` };
  }
}

function p2sh(digests: TxDigests, index: number, spent: SpentOutput, flags: ScriptFlags): InputVerdict {
  const input = digests.tx.inputs[index];
  const pushes = readPushes(input.scriptSig);
  const redeem = pushes?.[pushes.length - 1];
  if (redeem === undefined) return { outcome: 'not-executed', type: 'p2sh', reason: 'scriptSig is not a push-only script ending in a redeem script' };
  const inner: OutputType = outputType(redeem);
  if (inner !== 'p2wpkh' || !flags.segwit) return { outcome: 'not-executed', type: `p2sh-${inner}`, reason: `P2SH redeem script of type ${inner} is not executed` };
  const type = 'p2sh-p2wpkh';
  if (!bytesEqual(hash160(redeem), scriptHash20(spent.scriptPubKey))) return { outcome: 'failed', type, reason: 'redeem script does not hash to the script' };
  if (pushes!.length !== 1) return { outcome: 'failed', type, reason: 'scriptSig of a P2SH witness spend is not exactly the redeem script push' };
  return p2wpkh(type, digests, index, spent, witnessProgram(redeem)!.program);
}

function p2wpkh(type: SpendType, digests: TxDigests, index: number, spent: SpentOutput, program: Uint8Array): InputVerdict {
  const witness = digests.tx.inputs[index].witness;
  if (witness.length !== 2) return { outcome: 'failed', type, reason: `P2WPKH witness has ${witness.length} items, not 2` };
  const [sig, pub] = witness;
  if (!bytesEqual(hash160(pub), program)) return { outcome: 'failed', type, reason: 'witness public key does not hash to the program' };
  return ecdsa(type, sig, pub, { segwit: true, taproot: false, strictDer: true }, (t) => segwitV0Sighash(digests, index, p2pkhScript(program), spent.value, t));
}

// OP_CHECKSIG on an ECDSA signature: DER (strict from BIP66), any hash type, high S allowed (low S is only policy).
function ecdsa(type: SpendType, sig: Uint8Array, pub: Uint8Array, flags: ScriptFlags, sighash: (hashType: number) => Uint8Array): InputVerdict {
  if (sig.length === 0) return { outcome: 'failed', type, reason: 'empty signature' };
  if (!isStrictDer(sig)) {
    if (flags.strictDer) return { outcome: 'failed', type, reason: 'signature is not strict DER (BIP66)' };
    return { outcome: 'not-executed', type, reason: 'non-strict DER signature before BIP66: lax DER is not parsed, so the input is not executed' };
  }
  if (!((pub.length === 33 && (pub[0] === 2 || pub[0] === 3)) || (pub.length === 65 && pub[0] === 4))) {
    return { outcome: 'not-executed', type, reason: `public key encoding ${pub.length} bytes starting ${pub[0] ?? 'nothing'} is not executed` };
  }
  const compact = derToCompact(sig);
  if (compact === undefined) return { outcome: 'failed', type, reason: 'signature integer larger than 32 bytes' };
  let ok = false;
  try {
    ok = secp.verify(compact, sighash(sig[sig.length - 1]), pub, { prehash: false, lowS: false });
  } catch {
    ok = false;
  }
  return ok ? { outcome: 'verified', type } : { outcome: 'failed', type, reason: 'ECDSA signature does not verify' };
}

function taprootKeyPath(digests: TxDigests, index: number, program: Uint8Array): InputVerdict {
  const type = 'p2tr-keypath';
  let stack = digests.tx.inputs[index].witness;
  let annex: Uint8Array | undefined;
  if (stack.length >= 2 && stack[stack.length - 1][0] === 0x50) {
    annex = stack[stack.length - 1];
    stack = stack.slice(0, -1);
  }
  if (stack.length === 0) return { outcome: 'failed', type, reason: 'empty witness for a witness program' };
  if (stack.length > 1) return { outcome: 'not-executed', type: 'p2tr-scriptpath', reason: 'taproot script path spends are not executed' };
  if (digests.spent === undefined) return { outcome: 'not-executed', type, reason: 'the outputs spent by the other inputs of this transaction are unknown' };
  const sig = stack[0];
  if (sig.length !== 64 && sig.length !== 65) return { outcome: 'failed', type, reason: `Schnorr signature of ${sig.length} bytes` };
  if (sig.length === 65 && sig[64] === 0x00) return { outcome: 'failed', type, reason: 'explicit SIGHASH_DEFAULT byte' };
  const message = taprootSighash(digests, index, sig.length === 65 ? sig[64] : 0x00, annex);
  if (message === undefined) return { outcome: 'failed', type, reason: `invalid hash type 0x${sig[64].toString(16)}` };
  let ok = false;
  try {
    ok = secp.schnorr.verify(sig.subarray(0, 64), message, program);
  } catch {
    ok = false;
  }
  return ok ? { outcome: 'verified', type } : { outcome: 'failed', type, reason: 'Schnorr signature does not verify' };
}
