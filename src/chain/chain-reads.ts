// Reads that need the file: raw headers, blocks and indexed transactions, as JSON views.
import { BlvmError } from '../errors.js';
import { parseBlock } from './block-codec.js';
import type { IndexEntry } from './block-index.js';
import type { ChainCore } from './chain-core.js';
import { decodedBlockView, decodedTx, headerView, txHex } from './chain-json.js';
import { readBlockBytes, readHeaderBytes, readTxLocation } from './chain-rows.js';
import type { BlockHexView, DecodedBlockView, HeaderView, TxView } from './chain-views.js';
import { parseHeader } from './header-codec.js';
import type { BlockHeader } from './types.js';

export async function loadHeader(core: ChainCore, entry: IndexEntry): Promise<BlockHeader> {
  const bytes = await readHeaderBytes(core.db, entry.hash);
  if (bytes === undefined) throw new BlvmError('internal', `header ${entry.hash} is indexed but has no row in ${core.db.file}`);
  return parseHeader(bytes);
}

export async function readStoredHeader(core: ChainCore, entry: IndexEntry): Promise<HeaderView> {
  return headerView(entry, await loadHeader(core, entry), core.facts(entry));
}

export async function readStoredBlock(core: ChainCore, entry: IndexEntry, format: 'hex' | 'decoded'): Promise<BlockHexView | DecodedBlockView> {
  const raw = entry.hasBlock ? await readBlockBytes(core.db, entry.hash) : undefined;
  if (raw === undefined) {
    throw new BlvmError('not_found', `block ${entry.hash} is known by its header only: its block data is not in the chain store`);
  }
  if (format === 'hex') return { hash: entry.hash, height: entry.height, hex: raw.toString('hex') };
  return decodedBlockView(entry, parseBlock(raw), core.facts(entry));
}

export async function readStoredTx(core: ChainCore, txid: string): Promise<TxView> {
  const at = await readTxLocation(core.db, txid);
  const entry = at === undefined ? undefined : core.index.get(at.block_hash);
  const raw = entry === undefined ? undefined : await readBlockBytes(core.db, entry.hash);
  const tx = raw === undefined || at === undefined ? undefined : parseBlock(raw).transactions[at.position];
  if (entry === undefined || at === undefined || tx === undefined) {
    throw new BlvmError('not_found', `no transaction ${txid} in the chain store (the tx index covers the blocks of the best chain)`);
  }
  return {
    txid,
    block_hash: entry.hash,
    height: entry.height,
    position: at.position,
    confirmations: core.active.height - entry.height + 1,
    hex: txHex(tx),
    decoded: decodedTx(tx),
  };
}
