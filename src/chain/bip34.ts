import type { Block, Transaction } from './types.js';

// BIP34: a coinbase scriptSig begins with the block height pushed as a minimal script number
// (exactly what Bitcoin Core's `CScript() << nHeight` produces).

/** The script bytes `CScript() << height` produces: OP_0, OP_1..OP_16, or a minimal CScriptNum push. */
export function heightPush(height: number): Buffer {
  if (!Number.isSafeInteger(height) || height < 0) throw new RangeError(`block height must be a non-negative integer, got ${height}`);
  if (height === 0) return Buffer.from([0x00]);
  if (height <= 16) return Buffer.from([0x50 + height]);
  const num = scriptNum(height);
  return Buffer.concat([Buffer.from([num.length]), num]);
}

function scriptNum(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v > 0) {
    out.push(v & 0xff);
    v = Math.floor(v / 256);
  }
  if (out[out.length - 1] & 0x80) out.push(0);
  return Buffer.from(out);
}

/** True when the coinbase scriptSig starts with the BIP34 encoding of `height`. */
export function coinbaseCommitsToHeight(coinbase: Transaction, height: number): boolean {
  const script = coinbase.inputs[0]?.scriptSig;
  if (script === undefined) return false;
  const expect = heightPush(height);
  return script.length >= expect.length && Buffer.compare(script.subarray(0, expect.length), expect) === 0;
}

/**
 * Height the coinbase scriptSig starts with, read as BIP34 encodes it; undefined when the
 * script does not start with a small-int opcode or a minimal 1..8-byte non-negative push.
 * Before BIP34 coinbases start with arbitrary data, so callers decide whether to trust it.
 */
export function readBip34Height(coinbase: Transaction): number | undefined {
  const script = coinbase.inputs[0]?.scriptSig;
  if (script === undefined || script.length === 0) return undefined;
  const op = script[0];
  if (op === 0x00) return 0;
  if (op >= 0x51 && op <= 0x60) return op - 0x50;
  if (op < 0x01 || op > 0x08 || script.length < 1 + op) return undefined;
  const bytes = script.subarray(1, 1 + op);
  if ((bytes[op - 1] & 0x80) !== 0) return undefined;
  let height = 0;
  for (let i = op - 1; i >= 0; i--) height = height * 256 + bytes[i];
  return Buffer.compare(heightPush(height), script.subarray(0, 1 + op)) === 0 ? height : undefined;
}

/**
 * The block's height as its coinbase states it, trusted only where BIP34 makes it meaningful:
 * header version ≥ 2 and a value at or above the network's BIP34 activation height.
 */
export function inferBlockHeight(block: Block, bip34Height: number): number | undefined {
  const coinbase = block.transactions[0];
  if (coinbase === undefined || block.header.version < 2) return undefined;
  const height = readBip34Height(coinbase);
  return height !== undefined && height >= bip34Height ? height : undefined;
}
