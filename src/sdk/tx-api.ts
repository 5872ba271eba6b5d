// Typed helpers for the node's transaction API (`tx.*` methods) and the mempool's events:
//   const txs = txApi(client);
//   const { txid } = await txs.submit(hex);          // needs send_transactions
//   const status = await txs.status(txid);           // needs read_blockchain
// A refusal rejects with a ModuleRequestError whose `reason` names the rule (`conflict`,
// `missing-inputs`, `bad-signature`, `insufficient-fee`, …; docs/transactions.md).
import { TX_EVENT_TYPES, type TxAcceptedPayload, type TxConfirmedPayload } from '../chain/chain-events.js';
import type { EventEnvelope } from '../ipc/envelopes.js';
import type { MempoolTxView, SubmitResult, TxStatus } from '../mempool/mempool.js';
import type { TxView } from '../chain/chain-views.js';
import type { SubscribeOptions } from './api-types.js';
import type { EventSubscription } from './event-subscription.js';
import type { ModuleClient } from './module-client.js';

export type { MempoolTxView, SubmitResult, TxStatus } from '../mempool/mempool.js';
export type { RejectRule } from '../mempool/mempool-reject.js';
export { TX_EVENT_TYPES, type TxAcceptedPayload, type TxConfirmedPayload } from '../chain/chain-events.js';

export interface TxApi {
  /** Submits a raw transaction (hex) to the mempool; needs send_transactions. */
  submit(hex: string): Promise<SubmitResult>;
  /** A mempool transaction, or a confirmed one of the best chain; needs read_blockchain. */
  get(txid: string): Promise<MempoolTxView | (TxView & { status: 'confirmed' })>;
  /** mempool / confirmed (with confirmations) / unknown; needs read_blockchain. */
  status(txid: string): Promise<TxStatus>;
}

export type TxEventDelivery =
  | { type: 'TxAccepted'; data: TxAcceptedPayload; seq?: number; subscription?: string }
  | { type: 'TxConfirmed'; data: TxConfirmedPayload; seq?: number; subscription?: string };

export function txApi(client: Pick<ModuleClient, 'request'>): TxApi {
  const call = <T>(method: string, params: Record<string, unknown>): Promise<T> => client.request(method, params) as Promise<T>;
  return {
    submit: (hex) => call('tx.submit', { hex }),
    get: (txid) => call('tx.get', { txid }),
    status: (txid) => call('tx.status', { txid }),
  };
}

/** The mempool event in a delivered event envelope, or null when it is another event. */
export function asTxEvent(event: EventEnvelope): TxEventDelivery | null {
  if (!(TX_EVENT_TYPES as readonly string[]).includes(event.type)) return null;
  return { type: event.type, data: event.data, seq: event.seq, subscription: event.subscription } as TxEventDelivery;
}

/** A subscription to TxAccepted and TxConfirmed (needs `subscribe_events`); read deliveries with asTxEvent. */
export function subscribeTxEvents(client: Pick<ModuleClient, 'subscribe'>, options: Omit<SubscribeOptions, 'types'> = {}): Promise<EventSubscription> {
  return client.subscribe({ ...options, types: [...TX_EVENT_TYPES] });
}
