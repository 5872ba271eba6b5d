// The node events the chain store publishes, in the order it publishes them for one change
// of the tip: BlockDisconnected for each block leaving the best chain (old tip first), NewBlock
// for each block joining it (lowest first), then one ChainReorg when any block left; then the
// mempool's TxConfirmed and TxAccepted (src/mempool/mempool-sync.ts), in the same commit.
import type { IndexEntry } from './block-index.js';
import { uint256Hex } from './hash.js';

export const CHAIN_EVENT_TYPES = ['NewBlock', 'BlockDisconnected', 'ChainReorg'] as const;
export type ChainEventType = (typeof CHAIN_EVENT_TYPES)[number];
/** The mempool's events, committed through the same outbox. */
export const TX_EVENT_TYPES = ['TxAccepted', 'TxConfirmed'] as const;

export interface TxAcceptedPayload {
  txid: string;
  /** Satoshis. */
  fee: number;
  vsize: number;
}

export interface TxConfirmedPayload {
  txid: string;
  block_hash: string;
  height: number;
}

export interface NewBlockPayload {
  hash: string;
  height: number;
  prev_hash: string | null;
  tx_count: number;
  time: number;
  chainwork: string;
}

export interface BlockDisconnectedPayload {
  hash: string;
  height: number;
}

export interface ChainReorgPayload {
  old_tip: string;
  new_tip: string;
  /** Blocks disconnected from the old chain. */
  depth: number;
  old_height: number;
  new_height: number;
  /** The last block both chains share. */
  fork_hash: string;
  fork_height: number;
  /** Blocks connected on the new chain. */
  connected: number;
}

export type ChainEvent =
  | { type: 'NewBlock'; payload: NewBlockPayload }
  | { type: 'BlockDisconnected'; payload: BlockDisconnectedPayload }
  | { type: 'ChainReorg'; payload: ChainReorgPayload }
  | { type: 'TxAccepted'; payload: TxAcceptedPayload }
  | { type: 'TxConfirmed'; payload: TxConfirmedPayload };

/** Receives a committed chain event with its id in the chain database's outbox. */
export type ChainEventListener = (event: ChainEvent & { id: number }) => void;

export function newBlockEvent(e: IndexEntry): ChainEvent {
  return {
    type: 'NewBlock',
    payload: { hash: e.hash, height: e.height, prev_hash: e.parent?.hash ?? null, tx_count: e.txCount ?? 0, time: e.time, chainwork: uint256Hex(e.chainwork) },
  };
}

export function disconnectedEvent(e: IndexEntry): ChainEvent {
  return { type: 'BlockDisconnected', payload: { hash: e.hash, height: e.height } };
}

export function reorgEvent(oldTip: IndexEntry, newTip: IndexEntry, fork: IndexEntry, connected: number): ChainEvent {
  return {
    type: 'ChainReorg',
    payload: {
      old_tip: oldTip.hash,
      new_tip: newTip.hash,
      depth: oldTip.height - fork.height,
      old_height: oldTip.height,
      new_height: newTip.height,
      fork_hash: fork.hash,
      fork_height: fork.height,
      connected,
    },
  };
}
