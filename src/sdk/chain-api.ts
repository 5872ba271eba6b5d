// Typed helpers for the node's blockchain API (`chain.*` methods) and its chain events:
//   const chain = chainApi(client);
//   const tip = await chain.tip();
//   for await (const event of await subscribeChainEvents(client, { durable: true })) {
//     const e = asChainEvent(event);
//     if (e?.type === 'NewBlock') console.log(e.data.height);
//   }
import { CHAIN_EVENT_TYPES, type ChainEvent } from '../chain/chain-events.js';
import type { BlockHexView, ChainInfo, ChainTip, DecodedBlockView, HeaderView, TxView } from '../chain/chain-views.js';
import type { EventEnvelope } from '../ipc/envelopes.js';
import type { SubscribeOptions } from './api-types.js';
import type { EventSubscription } from './event-subscription.js';
import type { ModuleClient } from './module-client.js';

export type { ChainTip, ChainInfo, HeaderView, DecodedBlockView, BlockHexView, TxView, DecodedTx, TxInputView, TxOutputView } from '../chain/chain-views.js';
export { CHAIN_EVENT_TYPES, type NewBlockPayload, type BlockDisconnectedPayload, type ChainReorgPayload } from '../chain/chain-events.js';

/** A block named by its hash (display hex) or by its height on the best chain. */
export type BlockRef = string | number;

export interface ChainApi {
  /** needs read_chain_state */
  tip(): Promise<ChainTip>;
  /** needs read_chain_state */
  height(): Promise<number>;
  /** needs read_chain_state */
  info(): Promise<ChainInfo>;
  /** needs read_blockchain */
  blockHash(height: number): Promise<string>;
  /** needs read_blockchain */
  header(block: BlockRef): Promise<HeaderView>;
  /** needs read_blockchain */
  block(block: BlockRef): Promise<DecodedBlockView>;
  /** The raw block as hex; needs read_blockchain */
  blockHex(block: BlockRef): Promise<string>;
  /** A transaction of the best chain; needs read_blockchain */
  tx(txid: string): Promise<TxView>;
}

/** What a chain event delivery carries, typed by its `type`. */
export type ChainEventDelivery = {
  [K in ChainEvent['type']]: { type: K; data: Extract<ChainEvent, { type: K }>['payload']; seq?: number; subscription?: string };
}[ChainEvent['type']];

type Requester = Pick<ModuleClient, 'request'>;

const ref = (block: BlockRef): { hash: string } | { height: number } => (typeof block === 'number' ? { height: block } : { hash: block });

export function chainApi(client: Requester): ChainApi {
  const call = <T>(method: string, params: Record<string, unknown> = {}): Promise<T> => client.request(method, params) as Promise<T>;
  return {
    tip: () => call<ChainTip>('chain.tip'),
    height: async () => (await call<{ height: number }>('chain.height')).height,
    info: () => call<ChainInfo>('chain.info'),
    blockHash: async (height) => (await call<{ hash: string }>('chain.blockHash', { height })).hash,
    header: (block) => call<HeaderView>('chain.header', ref(block)),
    block: (block) => call<DecodedBlockView>('chain.block', { ...ref(block), format: 'decoded' }),
    blockHex: async (block) => (await call<BlockHexView>('chain.block', { ...ref(block), format: 'hex' })).hex,
    tx: (txid) => call<TxView>('chain.tx', { txid }),
  };
}

/** The chain event in a delivered event envelope, or null when it is another event. */
export function asChainEvent(event: EventEnvelope): ChainEventDelivery | null {
  if (!(CHAIN_EVENT_TYPES as readonly string[]).includes(event.type)) return null;
  return { type: event.type, data: event.data, seq: event.seq, subscription: event.subscription } as ChainEventDelivery;
}

/** Calls `handler` for every chain event the client receives (subscribe to them with `events.subscribe`). */
export function onChainEvent(client: Pick<ModuleClient, 'onEvent'>, handler: (event: ChainEventDelivery) => void): void {
  client.onEvent((event) => {
    const chainEvent = asChainEvent(event);
    if (chainEvent) handler(chainEvent);
  });
}

/** A subscription to NewBlock, BlockDisconnected and ChainReorg (needs `subscribe_events`); read deliveries with asChainEvent. */
export function subscribeChainEvents(client: Pick<ModuleClient, 'subscribe'>, options: Omit<SubscribeOptions, 'types'> = {}): Promise<EventSubscription> {
  return client.subscribe({ ...options, types: [...CHAIN_EVENT_TYPES] });
}
