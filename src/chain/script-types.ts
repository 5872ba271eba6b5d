// Output script templates blvm recognizes, and reading a push-only scriptSig. Only the
// standard single-key templates are executed (src/chain/verify-input.ts); the others are named
// so a verdict can count what it did not execute.

export type OutputType = 'p2pkh' | 'p2wpkh' | 'p2sh' | 'p2tr' | 'p2pk' | 'p2wsh' | 'witness-unknown' | 'multisig' | 'op-return' | 'nonstandard';

const OP_0 = 0x00;
const OP_PUSHDATA1 = 0x4c;
const OP_PUSHDATA2 = 0x4d;
const OP_PUSHDATA4 = 0x4e;
const OP_1 = 0x51;
const OP_16 = 0x60;
const OP_RETURN = 0x6a;
const OP_DUP = 0x76;
const OP_EQUAL = 0x87;
const OP_EQUALVERIFY = 0x88;
const OP_HASH160 = 0xa9;
const OP_CHECKSIG = 0xac;
const OP_CHECKMULTISIG = 0xae;

/** The template of an output script. */
export function outputType(s: Uint8Array): OutputType {
  if (s.length === 25 && s[0] === OP_DUP && s[1] === OP_HASH160 && s[2] === 20 && s[23] === OP_EQUALVERIFY && s[24] === OP_CHECKSIG) return 'p2pkh';
  if (s.length === 23 && s[0] === OP_HASH160 && s[1] === 20 && s[22] === OP_EQUAL) return 'p2sh';
  const program = witnessProgram(s);
  if (program) {
    if (program.version === 0 && program.program.length === 20) return 'p2wpkh';
    if (program.version === 0 && program.program.length === 32) return 'p2wsh';
    if (program.version === 1 && program.program.length === 32) return 'p2tr';
    return 'witness-unknown';
  }
  if ((s.length === 35 && s[0] === 33) || (s.length === 67 && s[0] === 65)) {
    if (s[s.length - 1] === OP_CHECKSIG) return 'p2pk';
  }
  if (s.length > 0 && s[0] === OP_RETURN) return 'op-return';
  if (s.length > 0 && s[s.length - 1] === OP_CHECKMULTISIG) return 'multisig';
  return 'nonstandard';
}

/** BIP141 witness program: a version opcode (OP_0, OP_1..OP_16) then one 2..40-byte direct push. */
export function witnessProgram(s: Uint8Array): { version: number; program: Uint8Array } | undefined {
  if (s.length < 4 || s.length > 42) return undefined;
  if (s[0] !== OP_0 && (s[0] < OP_1 || s[0] > OP_16)) return undefined;
  if (s[1] + 2 !== s.length) return undefined;
  return { version: s[0] === OP_0 ? 0 : s[0] - OP_1 + 1, program: s.subarray(2) };
}

/** The 20-byte hash a P2PKH or P2SH script commits to. */
export function scriptHash20(s: Uint8Array): Uint8Array {
  return s[0] === OP_DUP ? s.subarray(3, 23) : s.subarray(2, 22);
}

/**
 * The data pushed by a script made only of data pushes (OP_0, direct pushes, PUSHDATA1/2/4),
 * or undefined when it holds any other opcode or a push runs past the end.
 */
export function readPushes(s: Uint8Array): Uint8Array[] | undefined {
  const items: Uint8Array[] = [];
  let i = 0;
  while (i < s.length) {
    const op = s[i++];
    let n: number;
    if (op === OP_0) n = 0;
    else if (op < OP_PUSHDATA1) n = op;
    else if (op === OP_PUSHDATA1 && i + 1 <= s.length) n = s[i++];
    else if (op === OP_PUSHDATA2 && i + 2 <= s.length) { n = s[i] | (s[i + 1] << 8); i += 2; }
    else if (op === OP_PUSHDATA4 && i + 4 <= s.length) { n = (s[i] | (s[i + 1] << 8) | (s[i + 2] << 16)) + s[i + 3] * 2 ** 24; i += 4; }
    else return undefined;
    if (i + n > s.length) return undefined;
    items.push(s.subarray(i, i + n));
    i += n;
  }
  return items;
}

/** The P2PKH script paying HASH160 `hash`. */
export function p2pkhScript(hash: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([OP_DUP, OP_HASH160, 20]), hash, Buffer.from([OP_EQUALVERIFY, OP_CHECKSIG])]);
}

/** The version-0 witness script paying `hash` (20 bytes: P2WPKH). */
export function p2wpkhScript(hash: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([OP_0, 20]), hash]);
}

/** Outputs no one can spend, which never enter the UTXO set (Bitcoin Core's IsUnspendable). */
export function isUnspendable(s: Uint8Array): boolean {
  return (s.length > 0 && s[0] === OP_RETURN) || s.length > 10_000;
}
