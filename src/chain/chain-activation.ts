// Moving the tip: disconnect from the old tip down to the fork point, connect up to the new
// tip, inside the caller's transaction, updating the UTXO set (src/chain/chain-coins.ts) and recording the events to publish once it commits.
import { parseBlock } from './block-codec.js';
import type { IndexEntry } from './block-index.js';
import { connectCoins, disconnectCoins } from './chain-coins.js';
import type { ChainCore } from './chain-core.js';
import { disconnectedEvent, newBlockEvent, reorgEvent, type ChainEvent } from './chain-events.js';
import { indexTransactions, readBlockBytes, unindexTransactions, writeTip } from './chain-rows.js';
import { toDisplayHex } from './hash.js';
import { blockTxids } from './merkle.js';
import type { Block } from './types.js';

/** What one write transaction changed; applied to memory and published after the commit. */
export interface WriteTx {
  events: ChainEvent[];
  newTip: IndexEntry | null;
  disconnected: IndexEntry[];
  connected: IndexEntry[];
}

export function newWriteTx(): WriteTx {
  return { events: [], newTip: null, disconnected: [], connected: [] };
}

/** The tip as this transaction leaves it so far. */
export function currentTip(core: ChainCore, tx: WriteTx): IndexEntry {
  return tx.newTip ?? core.tip;
}

/** Makes `target` (a connectable header) the tip; `known` holds blocks already parsed. */
export async function activate(core: ChainCore, tx: WriteTx, target: IndexEntry, known?: ReadonlyMap<string, Block>): Promise<void> {
  const tip = currentTip(core, tx);
  if (target === tip) return;
  const fork = core.index.fork(tip, target);
  const leaving: IndexEntry[] = [];
  for (let e = tip; e !== fork; e = e.parent as IndexEntry) leaving.push(e);
  const joining: IndexEntry[] = [];
  for (let e = target; e !== fork; e = e.parent as IndexEntry) joining.push(e);
  joining.reverse();
  for (const e of leaving) {
    await disconnectCoins(core, e, await loadBlock(core, e));
    await unindexTransactions(core.db, e.hash);
    tx.events.push(disconnectedEvent(e));
  }
  for (const e of joining) {
    const block = known?.get(e.hash) ?? (await loadBlock(core, e));
    await connectCoins(core, e, block);
    await indexTransactions(core.db, e.hash, blockTxids(block.transactions).map(toDisplayHex));
    tx.events.push(newBlockEvent(e));
  }
  await writeTip(core.db, target.hash);
  if (leaving.length > 0) tx.events.push(reorgEvent(tip, target, fork, joining.length));
  tx.disconnected.push(...leaving);
  tx.connected.push(...joining);
  tx.newTip = target;
}

export async function loadBlock(core: ChainCore, e: IndexEntry): Promise<Block> {
  const raw = await readBlockBytes(core.db, e.hash);
  if (raw === undefined) throw new Error(`block ${e.hash} is marked stored but has no row`);
  return parseBlock(raw);
}
