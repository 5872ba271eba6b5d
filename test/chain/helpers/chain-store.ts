// A chain store in a temp dir for one test, recording every event it publishes; closed and
// removed on teardown.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import type { ChainEvent } from '../../../src/chain/chain-events.js';
import { ChainStore } from '../../../src/chain/chain-store.js';
import { generateBlocks } from '../../../src/chain/chain-generate.js';
import { regtestParams, type NetworkParams } from '../../../src/chain/params.js';
import { NOW } from './fixtures.js';

export interface TestChain {
  store: ChainStore;
  file: string;
  dir: string;
  events: ChainEvent[];
  /** Closes and opens the store again on the same file (events keep accumulating). */
  reopen(): Promise<ChainStore>;
}

export async function tempChainDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'blvm-chain-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function openTestChain(t: ExecutionContext, params: NetworkParams = regtestParams): Promise<TestChain> {
  const dir = await tempChainDir(t);
  const file = join(dir, 'chain.sqlite');
  const events: ChainEvent[] = [];
  const open = () => ChainStore.open(file, { params, now: () => NOW, onEvent: (e) => events.push(e) });
  const chain: TestChain = {
    store: await open(),
    file,
    dir,
    events,
    async reopen() {
      await chain.store.close();
      chain.store = await open();
      return chain.store;
    },
  };
  t.teardown(() => chain.store.close());
  return chain;
}

/** Mines `n` regtest blocks on the tip (or on `parent`, each extending the last) with the test clock. */
export function mine(store: ChainStore, n: number, parent?: string): Promise<string[]> {
  return generateBlocks(store, n, { parent, now: () => NOW });
}

/** Events as compact strings: "NewBlock 3", "BlockDisconnected 5", "ChainReorg 5>4 depth 2". */
export function eventTrace(events: readonly ChainEvent[]): string[] {
  return events.map((e) => {
    if (e.type === 'ChainReorg') return `ChainReorg ${e.payload.old_height}>${e.payload.new_height} depth ${e.payload.depth}`;
    if (e.type === 'TxAccepted') return `TxAccepted ${e.payload.txid}`;
    if (e.type === 'TxConfirmed') return `TxConfirmed ${e.payload.txid} ${e.payload.height}`;
    return `${e.type} ${e.payload.height}`;
  });
}

/** The block hash of a NewBlock or BlockDisconnected event. */
export function eventHash(e: ChainEvent): string {
  if (e.type === 'ChainReorg') throw new Error('a ChainReorg event names two tips, not one block');
  if (e.type === 'TxAccepted') throw new Error('a TxAccepted event names a transaction, not a block');
  if (e.type === 'TxConfirmed') return e.payload.block_hash;
  return e.payload.hash;
}
