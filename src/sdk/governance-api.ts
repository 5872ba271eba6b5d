// Typed helpers for the node's governance API (`governance.*` methods) and its events:
//   const gov = governanceApi(client);
//   for (const p of await gov.proposals('open')) console.log(p.id, p.title);
//   const { state } = await gov.vote('approve-x', 'yes', 'reviewed');   // needs governance_vote + [governance].voters
//   onGovernanceEvent(client, (e) => { if (e.type === 'GovernanceProposal') … });
import type { CastVote, ProposalView } from '../governance/governance-node.js';
import type { OwnVote, StoredResult } from '../governance/node-store.js';
import type { EventEnvelope } from '../ipc/envelopes.js';
import type { SubscribeOptions } from './api-types.js';
import type { EventSubscription } from './event-subscription.js';
import type { ModuleClient } from './module-client.js';

export type { CastVote, ProposalView } from '../governance/governance-node.js';
export type { OwnVote, StoredResult } from '../governance/node-store.js';
export type { Proposal, Vote, GovernanceResult } from '../governance/types.js';

export const GOVERNANCE_EVENT_TYPES = ['GovernanceProposal', 'GovernanceVoteCast', 'GovernanceResult'] as const;
export type GovernanceEventType = (typeof GOVERNANCE_EVENT_TYPES)[number];

export interface GovernanceApi {
  /** Verified proposals kept by the node; needs read_governance or governance_vote */
  proposals(status?: 'open' | 'closed'): Promise<ProposalView[]>;
  /** One proposal and this node's votes on it; needs read_governance or governance_vote */
  proposal(id: string): Promise<{ proposal: ProposalView; votes: OwnVote[] }>;
  /** The stored result (result null while there is none); needs read_governance or governance_vote */
  results(id: string): Promise<StoredResult | { result: null; final: false }>;
  /** Casts this node's vote; needs governance_vote and the module listed in [governance].voters */
  vote(id: string, choice: string, rationale?: string): Promise<CastVote>;
}

export interface GovernanceEventDelivery {
  type: GovernanceEventType;
  data: Record<string, unknown>;
  seq?: number;
}

type Requester = Pick<ModuleClient, 'request'>;

export function governanceApi(client: Requester): GovernanceApi {
  const call = <T>(method: string, params: Record<string, unknown> = {}): Promise<T> => client.request(method, params) as Promise<T>;
  return {
    proposals: async (status) => (await call<{ proposals: ProposalView[] }>('governance.proposals', status ? { status } : {})).proposals,
    proposal: (id) => call('governance.proposal', { id }),
    results: (id) => call('governance.results', { id }),
    vote: (id, choice, rationale) => call<CastVote>('governance.vote', { id, choice, ...(rationale === undefined ? {} : { rationale }) }),
  };
}

/** The governance event in a delivered envelope, or null when it is another event. */
export function asGovernanceEvent(event: EventEnvelope): GovernanceEventDelivery | null {
  if (!(GOVERNANCE_EVENT_TYPES as readonly string[]).includes(event.type)) return null;
  return { type: event.type as GovernanceEventType, data: event.data as Record<string, unknown>, seq: event.seq };
}

/** Calls `handler` for every governance event the client receives. */
export function onGovernanceEvent(client: Pick<ModuleClient, 'onEvent'>, handler: (event: GovernanceEventDelivery) => void): void {
  client.onEvent((event) => {
    const delivery = asGovernanceEvent(event);
    if (delivery) handler(delivery);
  });
}

/** A subscription to GovernanceProposal, GovernanceVoteCast and GovernanceResult (needs subscribe_events). */
export function subscribeGovernanceEvents(client: Pick<ModuleClient, 'subscribe'>, options: Omit<SubscribeOptions, 'types'> = {}): Promise<EventSubscription> {
  return client.subscribe({ ...options, types: [...GOVERNANCE_EVENT_TYPES] });
}
