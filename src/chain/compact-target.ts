// The compact "bits" encoding of a 256-bit target (Bitcoin Core's arith_uint256
// SetCompact/GetCompact) and the work a target represents.

export interface DecodedBits {
  target: bigint;
  /** Sign bit set with a non-zero mantissa: never a valid target. */
  negative: boolean;
  /** The encoded value does not fit in 256 bits. */
  overflow: boolean;
}

const TWO_256 = 1n << 256n;

export function decodeBits(bits: number): DecodedBits {
  const size = bits >>> 24;
  let word = bits & 0x007fffff;
  let target: bigint;
  if (size <= 3) {
    word >>>= 8 * (3 - size);
    target = BigInt(word);
  } else {
    target = BigInt(word) << BigInt(8 * (size - 3));
  }
  const negative = word !== 0 && (bits & 0x00800000) !== 0;
  const overflow = word !== 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
  return { target: overflow ? target % TWO_256 : target, negative, overflow };
}

/** Compact encoding of a non-negative target, rounding down to 3 significant bytes like GetCompact. */
export function encodeTarget(target: bigint): number {
  let size = byteLength(target);
  let compact: number;
  if (size <= 3) {
    compact = Number(target) * 2 ** (8 * (3 - size));
  } else {
    compact = Number(target >> BigInt(8 * (size - 3)));
  }
  if (compact & 0x00800000) {
    compact >>>= 8;
    size++;
  }
  return (compact | (size << 24)) >>> 0;
}

function byteLength(n: bigint): number {
  return n === 0n ? 0 : Math.ceil(n.toString(16).length / 2);
}

/** Work a valid target represents: floor(2^256 / (target + 1)); zero for an invalid encoding. */
export function workFromBits(bits: number): bigint {
  const { target, negative, overflow } = decodeBits(bits);
  if (negative || overflow || target === 0n) return 0n;
  return TWO_256 / (target + 1n);
}

/** Bits as the 8 lowercase hex digits explorers show (e.g. "1d00ffff"). */
export function bitsHex(bits: number): string {
  return (bits >>> 0).toString(16).padStart(8, '0');
}

export function targetHex(target: bigint): string {
  return target.toString(16).padStart(64, '0');
}
