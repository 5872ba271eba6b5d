// Checks a chain store file straight from its tables, without the store's code: block flags
// match the blocks table, the tip's chain is valid with every block present, no valid chain
// with all its blocks has more work, the tx index holds exactly the tip chain's txids, and the
// UTXO set and undo rows are exactly what replaying the tip chain's blocks from genesis gives.
import { parseBlock } from '../../../src/chain/block-codec.js';
import { toDisplayHex } from '../../../src/chain/hash.js';
import { blockTxids } from '../../../src/chain/merkle.js';
import { SqliteDb } from '../../../src/store/sqlite.js';
import type { Block } from '../../../src/chain/types.js';

interface Row {
  hash: string;
  prev: string | null;
  height: number;
  chainwork: string;
  status: string;
  has_block: number;
}

export interface Audit {
  tip: string;
  height: number;
  problems: string[];
}

export async function auditChainFile(file: string): Promise<Audit> {
  const db = await SqliteDb.open(file);
  try {
    const rows = await db.all<Row>('SELECT hash, prev, height, chainwork, status, has_block FROM headers');
    const byHash = new Map(rows.map((r) => [r.hash, r]));
    const stored = new Set((await db.all<{ hash: string }>('SELECT hash FROM blocks')).map((r) => r.hash));
    const tipHash = (await db.get<{ hash: string }>('SELECT hash FROM tip WHERE id = 1'))?.hash ?? '';
    const problems: string[] = [];
    for (const r of rows) if ((r.has_block === 1) !== stored.has(r.hash)) problems.push(`${r.hash}: has_block ${r.has_block} but block row ${stored.has(r.hash)}`);

    const usable = (r: Row): boolean => {
      for (let x: Row | undefined = r; x; x = x.prev === null ? undefined : byHash.get(x.prev)) {
        if (x.status !== 'valid' || !stored.has(x.hash)) return false;
        if (x.prev !== null && !byHash.has(x.prev)) return false;
      }
      return true;
    };
    const tip = byHash.get(tipHash);
    if (!tip) return { tip: tipHash, height: -1, problems: [...problems, `tip ${tipHash} is not a stored header`] };
    if (!usable(tip)) problems.push(`tip ${tipHash} is invalidated or lacks a block of its chain`);
    const best = rows.filter(usable).reduce((a, b) => (b.chainwork > a.chainwork ? b : a), tip);
    if (best.chainwork > tip.chainwork) problems.push(`tip ${tipHash} has less work than ${best.hash}`);

    const expected = new Map<string, string>();
    const chain: { hash: string; height: number; block: Block }[] = [];
    for (let x: Row | undefined = tip; x; x = x.prev === null ? undefined : byHash.get(x.prev)) {
      const raw = (await db.get<{ raw: Buffer }>('SELECT raw FROM blocks WHERE hash = ?', [x.hash]))?.raw;
      if (!raw) continue;
      const block = parseBlock(raw);
      chain.push({ hash: x.hash, height: x.height, block });
      blockTxids(block.transactions).forEach((id, i) => expected.set(toDisplayHex(id), `${x.hash}:${i}`));
    }
    problems.push(...(await auditCoins(db, chain.reverse())));
    const actual = await db.all<{ txid: string; block_hash: string; position: number }>('SELECT txid, block_hash, position FROM txindex');
    if (actual.length !== expected.size) problems.push(`tx index has ${actual.length} rows, the tip chain has ${expected.size} txids`);
    for (const a of actual) if (expected.get(a.txid) !== `${a.block_hash}:${a.position}`) problems.push(`tx index row ${a.txid} → ${a.block_hash}:${a.position} is not on the tip chain`);
    return { tip: tipHash, height: tip.height, problems };
  } finally {
    await db.close();
  }
}

// Replays the chain (genesis first; its coinbase never enters the set) into outpoint → value.
async function auditCoins(db: SqliteDb, chain: readonly { hash: string; height: number; block: Block }[]): Promise<string[]> {
  const coins = new Map<string, number>();
  for (const { height, block } of chain) {
    if (height === 0) continue;
    blockTxids(block.transactions).forEach((id, t) => {
      const tx = block.transactions[t];
      if (t > 0) for (const input of tx.inputs) coins.delete(`${toDisplayHex(input.prevTxid)}:${input.prevIndex}`);
      tx.outputs.forEach((o, v) => {
        if (o.scriptPubKey[0] !== 0x6a) coins.set(`${toDisplayHex(id)}:${v}`, Number(o.value));
      });
    });
  }
  const problems: string[] = [];
  const rows = await db.all<{ outpoint: string; value: number }>('SELECT outpoint, value FROM utxo');
  if (rows.length !== coins.size) problems.push(`UTXO set has ${rows.length} coins, the tip chain leaves ${coins.size}`);
  for (const r of rows) if (coins.get(r.outpoint) !== r.value) problems.push(`UTXO ${r.outpoint} (${r.value} sat) is not left by the tip chain`);
  const undo = new Set((await db.all<{ hash: string }>('SELECT hash FROM undo')).map((r) => r.hash));
  const connected = chain.filter((c) => c.height > 0).map((c) => c.hash);
  if (undo.size !== connected.length || connected.some((h) => !undo.has(h))) problems.push(`undo rows (${undo.size}) are not exactly the tip chain's blocks above genesis (${connected.length})`);
  return problems;
}
