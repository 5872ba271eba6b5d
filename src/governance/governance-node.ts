// The node side of governance: polls the server (when [governance].url is set), keeps what
// verifies, casts votes signed with the node key into the durable outbox and delivers them,
// and answers the module API and the operator from its own store.
import { BlvmError, errorText } from '../errors.js';
import { voteHash } from './canonical-forms.js';
import { GovernanceClient } from './governance-client.js';
import { proposalStatus } from './vote-rules.js';
import type { NodeIdentity } from './identity-key.js';
import type { GovernanceNodeStore, OwnVote, StoredResult } from './node-store.js';
import { syncFromServer } from './node-sync.js';
import { signVote } from './signing.js';
import type { GovernanceTrust, Proposal, Vote } from './types.js';
import { deliverVote, flushOutbox } from './vote-outbox.js';
import { MAX_RATIONALE } from './vote-shape.js';

export interface GovernanceNodeOptions {
  store: GovernanceNodeStore;
  identity: NodeIdentity;
  trust: GovernanceTrust;
  /** Empty = no governance server. */
  url: string;
  publish: (type: string, payload: Record<string, unknown>) => void;
  warn: (message: string, fields?: Record<string, unknown>) => void;
}

export interface ProposalView extends Proposal {
  status: 'open' | 'closed';
  signers: string[];
}

export interface CastVote {
  vote: Vote;
  hash: string;
  /** delivered = the server has it; queued = kept and retried until the server is reachable. */
  state: 'delivered' | 'queued';
  detail?: string;
}

export class GovernanceNode {
  private readonly client: GovernanceClient | undefined;
  private syncing: Promise<void> | undefined;
  lastSync: { at: number; error?: string } | undefined;

  constructor(private readonly opts: GovernanceNodeOptions) {
    this.client = opts.url === '' ? undefined : new GovernanceClient(opts.url);
  }

  get publicKey(): string {
    return this.opts.identity.publicKey;
  }

  /** One poll (joined when one is running): fetch, verify, store, publish events, send queued votes. */
  sync(): Promise<void> {
    this.syncing ??= this.runSync().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  /** Resolves when no poll is running (used on stop). */
  async settled(): Promise<void> {
    await this.syncing;
  }

  private async runSync(): Promise<void> {
    if (!this.client) return;
    let error: string | undefined;
    try {
      for (const event of await syncFromServer(this.opts.store, this.client, this.opts.trust)) {
        if (event.warn) this.opts.warn(event.type, event.payload);
        else this.opts.publish(event.type, event.payload);
      }
    } catch (failure) {
      error = errorText(failure);
    }
    try {
      await flushOutbox(this.opts.store, this.client);
    } catch (failure) {
      error ??= errorText(failure);
    }
    this.lastSync = error === undefined ? { at: Date.now() } : { at: Date.now(), error };
  }

  async proposals(status?: 'open' | 'closed'): Promise<ProposalView[]> {
    const all = (await this.opts.store.proposals()).map(({ proposal, signers }) => ({ ...proposal, status: proposalStatus(proposal.closes_at), signers }));
    return status === undefined ? all : all.filter((p) => p.status === status);
  }

  async proposal(id: string): Promise<{ proposal: ProposalView; votes: OwnVote[] }> {
    const stored = await this.opts.store.proposal(id);
    if (!stored) throw new BlvmError('not_found', `no verified proposal "${id}" on this node`);
    return { proposal: { ...stored.proposal, status: proposalStatus(stored.proposal.closes_at), signers: stored.signers }, votes: await this.opts.store.ownVotes(id) };
  }

  async result(id: string): Promise<StoredResult | { result: null; final: false }> {
    await this.proposal(id);
    return (await this.opts.store.result(id)) ?? { result: null, final: false };
  }

  rejected(): Promise<{ id: string; reasons: string[] }[]> {
    return this.opts.store.rejected();
  }

  ownVotes(): Promise<OwnVote[]> {
    return this.opts.store.ownVotes();
  }

  /** Signs a vote with the node key, commits it to the outbox, then tries to deliver it. */
  async vote(id: string, choice: string, rationale: string | undefined, castBy: string): Promise<CastVote> {
    if (!this.client) throw new BlvmError('unavailable', 'no governance server: set [governance].url in blvm.toml');
    const { proposal } = await this.proposal(id);
    const now = Date.now();
    if (!proposal.choices.includes(choice)) throw new BlvmError('usage', `choice "${choice}" is not one of ${proposal.choices.join(', ')} (proposal ${id})`);
    if (rationale !== undefined && [...rationale].length > MAX_RATIONALE) throw new BlvmError('usage', `rationale is longer than ${MAX_RATIONALE} characters`);
    if (now < Date.parse(proposal.opens_at)) throw new BlvmError('conflict', `voting on ${id} opens at ${proposal.opens_at}`);
    if (now >= Date.parse(proposal.closes_at)) throw new BlvmError('conflict', `voting on ${id} closed at ${proposal.closes_at}`);
    if (proposal.electorate !== 'any' && !proposal.electorate.includes(this.publicKey)) throw new BlvmError('policy_denied', `this node (${this.publicKey}) is not in the electorate of proposal ${id}`);
    const castAt = new Date(Math.max(now, Date.parse(proposal.opens_at))).toISOString();
    const vote = signVote({ proposal: id, choice, ...(rationale === undefined ? {} : { rationale }), cast_at: castAt }, this.opts.identity.privateKey);
    const hash = voteHash(vote);
    await this.opts.store.queueVote(hash, vote, castBy);
    this.opts.publish('GovernanceVoteCast', { proposal: id, choice, voter: vote.voter, hash, cast_by: castBy });
    const own = { hash, vote, cast_by: castBy, state: 'queued' as const, detail: '', created_at: now };
    const outcome = await deliverVote(this.opts.store, this.client, own);
    if (outcome.state === 'refused') throw new BlvmError('policy_denied', `the governance server refused the vote: ${outcome.detail}`);
    return outcome.state === 'queued' ? { vote, hash, state: 'queued', detail: outcome.detail } : { vote, hash, state: 'delivered' };
  }
}
