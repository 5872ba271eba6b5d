// Sends this node's queued votes: delivered when the server stores them, refused (with the
// server's reason) when it says no, left queued while it cannot be reached.
import { BlvmError, errorText } from '../errors.js';
import type { GovernanceClient } from './governance-client.js';
import type { GovernanceNodeStore, OwnVote, VoteState } from './node-store.js';

export async function deliverVote(store: GovernanceNodeStore, client: GovernanceClient, own: OwnVote): Promise<{ state: VoteState; detail: string }> {
  try {
    await client.sendVote(own.vote);
    await store.markVote(own.hash, 'delivered');
    return { state: 'delivered', detail: '' };
  } catch (error) {
    if (error instanceof BlvmError && error.code === 'unavailable') return { state: 'queued', detail: error.message };
    await store.markVote(own.hash, 'refused', errorText(error));
    return { state: 'refused', detail: errorText(error) };
  }
}

/** Tries every queued vote once; returns how many were delivered. */
export async function flushOutbox(store: GovernanceNodeStore, client: GovernanceClient): Promise<number> {
  let delivered = 0;
  for (const own of await store.queuedVotes()) {
    const outcome = await deliverVote(store, client, own);
    if (outcome.state === 'delivered') delivered += 1;
    if (outcome.state === 'queued') break;
  }
  return delivered;
}
