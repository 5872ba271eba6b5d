// Checks a chain store file straight from its tables, without the store's code: block flags
// match the blocks table, the tip's chain is valid with every block present, no valid chain
// with all its blocks has more work, and the tx index holds exactly the tip chain's txids.
import { parseBlock } from '../../../src/chain/block-codec.js';
import { toDisplayHex } from '../../../src/chain/hash.js';
import { blockTxids } from '../../../src/chain/merkle.js';
import { SqliteDb } from '../../../src/store/sqlite.js';

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
    for (let x: Row | undefined = tip; x; x = x.prev === null ? undefined : byHash.get(x.prev)) {
      const raw = (await db.get<{ raw: Buffer }>('SELECT raw FROM blocks WHERE hash = ?', [x.hash]))?.raw;
      if (!raw) continue;
      blockTxids(parseBlock(raw).transactions).forEach((id, i) => expected.set(toDisplayHex(id), `${x.hash}:${i}`));
    }
    const actual = await db.all<{ txid: string; block_hash: string; position: number }>('SELECT txid, block_hash, position FROM txindex');
    if (actual.length !== expected.size) problems.push(`tx index has ${actual.length} rows, the tip chain has ${expected.size} txids`);
    for (const a of actual) if (expected.get(a.txid) !== `${a.block_hash}:${a.position}`) problems.push(`tx index row ${a.txid} → ${a.block_hash}:${a.position} is not on the tip chain`);
    return { tip: tipHash, height: tip.height, problems };
  } finally {
    await db.close();
  }
}
