// Unspent transaction outputs ("coins") and the undo record of a block: the coins it spent,
// in spending order, so disconnecting the block restores them exactly.
import { ByteReader } from './byte-reader.js';
import { ByteWriter, compactSizeLength } from './byte-writer.js';

export interface Coin {
  value: bigint;
  script: Uint8Array;
  /** Height of the block that created it. */
  height: number;
  coinbase: boolean;
}

/** A coin with its outpoint key. */
export interface KeyedCoin {
  key: string;
  coin: Coin;
}

/** `txid:vout`, the txid in display hex: the key of the UTXO table and of block-local maps. */
export function outpointKey(txidDisplay: string, vout: number): string {
  return `${txidDisplay}:${vout}`;
}

/** Undo record: count, then per coin the key, value, height, coinbase flag and script. */
export function encodeUndo(coins: readonly KeyedCoin[]): Buffer {
  const keys = coins.map((c) => Buffer.from(c.key, 'utf8'));
  let size = compactSizeLength(coins.length);
  coins.forEach((c, i) => (size += compactSizeLength(keys[i].length) + keys[i].length + 8 + 4 + 1 + compactSizeLength(c.coin.script.length) + c.coin.script.length));
  const w = new ByteWriter(size);
  w.compactSize(coins.length);
  coins.forEach((c, i) => {
    w.varBytes(keys[i]);
    w.i64(c.coin.value);
    w.u32(c.coin.height);
    w.u8(c.coin.coinbase ? 1 : 0);
    w.varBytes(c.coin.script);
  });
  return w.finish();
}

export function decodeUndo(bytes: Uint8Array, what: string): KeyedCoin[] {
  const r = new ByteReader(bytes, what);
  const n = r.count('coin count', 15);
  const coins: KeyedCoin[] = [];
  for (let i = 0; i < n; i++) {
    const key = r.varBytes('outpoint').toString('utf8');
    const value = r.i64('value');
    const height = r.u32('height');
    const coinbase = r.u8('coinbase') === 1;
    coins.push({ key, coin: { value, height, coinbase, script: r.varBytes('script') } });
  }
  r.expectEnd();
  return coins;
}
