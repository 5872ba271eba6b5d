// The chain store's state: the sqlite file, the in-memory header index and the best chain
// built from it. Loaded whole at open and rebuilt from the file after a failed write, so
// memory never disagrees with what is committed.
import { BlvmError } from '../errors.js';
import type { SqliteDb } from '../store/sqlite.js';
import { ActiveChain } from './active-chain.js';
import { BlockIndex, type IndexEntry } from './block-index.js';
import { serializeBlock } from './block-codec.js';
import type { BestChainFacts } from './chain-json.js';
import { indexTransactions, insertBlockRow, insertHeaderRow, loadHeaderRows, readTipHash, writeTip } from './chain-rows.js';
import { serializeHeader } from './header-codec.js';
import { toDisplayHex, uint256Hex } from './hash.js';
import { blockTxids } from './merkle.js';
import type { NetworkParams } from './params.js';

/** A block named by hash, or by height on the best chain. */
export type BlockRef = { hash: string } | { height: number };

export class ChainCore {
  index: BlockIndex;
  active = new ActiveChain();
  private seq = 0;

  constructor(
    readonly db: SqliteDb,
    readonly params: NetworkParams,
    readonly now: () => number,
  ) {
    this.index = new BlockIndex(params);
  }

  nextSeq(): number {
    return ++this.seq;
  }

  get tip(): IndexEntry {
    return this.active.tip;
  }

  /** Builds the index and the best chain from the file; a new file gets the network's genesis block. */
  async load(): Promise<void> {
    const index = new BlockIndex(this.params);
    let seq = 0;
    for (const row of await loadHeaderRows(this.db)) {
      const header = Buffer.from(row.header);
      if (row.prev !== null && index.get(row.prev) === undefined) throw corrupt(this.db, `header ${row.hash} has no parent ${row.prev}`);
      const entry = index.add({
        hash: row.hash,
        prev: row.prev,
        time: header.readUInt32LE(68),
        bits: header.readUInt32LE(72),
        seq: row.seq,
        status: row.status,
        hasBlock: row.has_block === 1,
        txCount: row.tx_count,
      });
      if (entry.height !== row.height || uint256Hex(entry.chainwork) !== row.chainwork) {
        throw corrupt(this.db, `header ${row.hash} is stored at height ${row.height} with chainwork ${row.chainwork}, its ancestry says ${entry.height} and ${uint256Hex(entry.chainwork)}`);
      }
      seq = Math.max(seq, row.seq);
    }
    if (index.size === 0) {
      await this.createGenesis(index);
      seq = 1;
    }
    const tipHash = await readTipHash(this.db);
    const tip = tipHash === undefined ? undefined : index.get(tipHash);
    if (tip === undefined) throw corrupt(this.db, `the tip ${tipHash ?? '(none)'} is not an indexed header`);
    if (!tip.haveChain) throw corrupt(this.db, `the tip ${tip.hash} lacks the block of itself or an ancestor`);
    const active = new ActiveChain();
    active.setTip(tip);
    this.index = index;
    this.active = active;
    this.seq = seq;
  }

  /** The indexed header `hash` (display hex, any case), or a not_found error naming it. */
  require(hash: string): IndexEntry {
    const entry = this.index.get(normalizeHash(hash));
    if (entry === undefined) throw new BlvmError('not_found', `no block ${hash} in the chain store`);
    return entry;
  }

  resolve(ref: BlockRef): IndexEntry {
    if ('hash' in ref) return this.require(ref.hash);
    const entry = this.active.at(ref.height);
    if (entry === undefined) throw new BlvmError('not_found', `no block at height ${ref.height} on the best chain (tip height ${this.active.height})`);
    return entry;
  }

  facts(entry: IndexEntry): BestChainFacts {
    const inBestChain = this.active.contains(entry);
    return {
      tipHeight: this.active.height,
      inBestChain,
      next: inBestChain ? (this.active.at(entry.height + 1)?.hash ?? null) : null,
      medianTime: this.index.medianTimePast(entry),
    };
  }

  private async createGenesis(index: BlockIndex): Promise<void> {
    const block = this.params.genesisBlock;
    const entry = index.add({
      hash: toDisplayHex(this.params.genesisHash),
      prev: null,
      time: block.header.time,
      bits: block.header.bits,
      seq: 1,
    });
    index.markBlock(entry, block.transactions.length);
    await this.db.transaction(async () => {
      await insertHeaderRow(this.db, entry, serializeHeader(block.header));
      await insertBlockRow(this.db, entry, serializeBlock(block));
      await indexTransactions(this.db, entry.hash, blockTxids(block.transactions).map(toDisplayHex));
      await writeTip(this.db, entry.hash);
    });
  }
}

/** A display hash as the index keys it (lowercase); a malformed one is a usage error naming it. */
export function normalizeHash(hash: string, what = 'block hash'): string {
  if (!/^[0-9a-fA-F]{64}$/.test(hash)) {
    throw new BlvmError('usage', `expected a ${what} of 64 hex digits, got "${hash.length > 80 ? `${hash.slice(0, 80)}…` : hash}"`);
  }
  return hash.toLowerCase();
}

function corrupt(db: SqliteDb, what: string): BlvmError {
  return new BlvmError('io', `chain store ${db.file} is inconsistent: ${what}`);
}
