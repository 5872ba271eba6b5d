// ECDSA signatures as scripts carry them: strict DER (BIP66's IsValidSignatureEncoding) plus
// a trailing hash-type byte. @noble/secp256k1 reads only 64-byte compact signatures, so the
// DER integers are unpacked here into r ‖ s.

/** BIP66 strict DER check of a signature including its trailing hash-type byte. */
export function isStrictDer(sig: Uint8Array): boolean {
  if (sig.length < 9 || sig.length > 73) return false;
  if (sig[0] !== 0x30 || sig[1] !== sig.length - 3) return false;
  const lenR = sig[3];
  if (5 + lenR >= sig.length) return false;
  const lenS = sig[5 + lenR];
  if (lenR + lenS + 7 !== sig.length) return false;
  if (sig[2] !== 0x02 || lenR === 0 || sig[4] & 0x80) return false;
  if (lenR > 1 && sig[4] === 0x00 && !(sig[5] & 0x80)) return false;
  if (sig[lenR + 4] !== 0x02 || lenS === 0 || sig[lenR + 6] & 0x80) return false;
  if (lenS > 1 && sig[lenR + 6] === 0x00 && !(sig[lenR + 7] & 0x80)) return false;
  return true;
}

/** r ‖ s (64 bytes) of a strict-DER signature (hash-type byte included), or undefined when an integer exceeds 32 bytes. */
export function derToCompact(sig: Uint8Array): Uint8Array | undefined {
  const lenR = sig[3];
  const r = sig.subarray(4, 4 + lenR);
  const lenS = sig[5 + lenR];
  const s = sig.subarray(6 + lenR, 6 + lenR + lenS);
  const out = new Uint8Array(64);
  return put(out, 0, r) && put(out, 32, s) ? out : undefined;
}

function put(out: Uint8Array, at: number, int: Uint8Array): boolean {
  let v = int;
  while (v.length > 0 && v[0] === 0) v = v.subarray(1);
  if (v.length > 32) return false;
  out.set(v, at + 32 - v.length);
  return true;
}
