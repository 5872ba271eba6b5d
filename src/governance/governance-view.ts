// What the inspector's read-only governance panel shows: open proposals, this node's votes
// and refused proposals, read from data/governance.sqlite (absent file = nothing yet).
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { proposalStatus } from './vote-rules.js';
import { GovernanceNodeStore, NODE_DB_FILE } from './node-store.js';

export interface GovernanceView {
  proposals: { id: string; title: string; kind: string; closes_at: string; signers: string[] }[];
  votes: { proposal: string; choice: string; cast_at: string; cast_by: string; state: string; detail: string }[];
  rejected: { id: string; reasons: string[] }[];
}

export async function readGovernanceView(dataDir: string, now = Date.now()): Promise<GovernanceView> {
  if (!(await access(join(dataDir, NODE_DB_FILE)).then(() => true, () => false))) return { proposals: [], votes: [], rejected: [] };
  const store = await GovernanceNodeStore.open(dataDir);
  try {
    const proposals = (await store.proposals())
      .filter(({ proposal }) => proposalStatus(proposal.closes_at, now) === 'open')
      .map(({ proposal: p, signers }) => ({ id: p.id, title: p.title, kind: p.kind, closes_at: p.closes_at, signers }));
    const votes = (await store.ownVotes()).map((v) => ({ proposal: v.vote.proposal, choice: v.vote.choice, cast_at: v.vote.cast_at, cast_by: v.cast_by, state: v.state, detail: v.detail }));
    return { proposals, votes, rejected: await store.rejected() };
  } finally {
    await store.close();
  }
}
