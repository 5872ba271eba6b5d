// The tally rule of docs/governance.md: of every valid vote, the latest per voter counts
// (ties: the larger vote hash); below quorum → no-quorum; else the pass choice's share of
// the counted votes decides. Deterministic, so every maintainer signs the same bytes.
import { voteHash } from './canonical-forms.js';
import type { GovernanceResult, Outcome, Proposal, Vote } from './types.js';
import { voteProblem } from './vote-rules.js';

export interface Tally {
  tally: Record<string, number>;
  /** Hashes of the counted votes, sorted. */
  counted: string[];
  outcome: Outcome;
  /** Votes that do not count and why (superseded votes are not listed). */
  ignored: { hash: string; reason: string }[];
}

export function tallyVotes(proposal: Proposal, votes: Vote[]): Tally {
  const latest = new Map<string, { vote: Vote; hash: string; at: number }>();
  const ignored: Tally['ignored'] = [];
  for (const vote of votes) {
    const hash = voteHash(vote);
    const problem = voteProblem(proposal, vote);
    if (problem !== undefined) {
      ignored.push({ hash, reason: problem });
      continue;
    }
    const at = Date.parse(vote.cast_at);
    const seen = latest.get(vote.voter);
    if (!seen || at > seen.at || (at === seen.at && hash > seen.hash)) latest.set(vote.voter, { vote, hash, at });
  }
  const tally = Object.fromEntries(proposal.choices.map((choice) => [choice, 0]));
  for (const { vote } of latest.values()) tally[vote.choice] += 1;
  const total = latest.size;
  const share = total === 0 ? 0 : tally[proposal.pass.choice] / total;
  const outcome: Outcome = total < proposal.quorum ? 'no-quorum' : total > 0 && share >= proposal.pass.min_share ? 'passed' : 'failed';
  return { tally, counted: [...latest.values()].map((v) => v.hash).sort(), outcome, ignored };
}

/** The unsigned result every maintainer signs: closed_at is the proposal's closes_at. */
export function buildResult(proposal: Proposal, votes: Vote[]): GovernanceResult {
  const { tally, counted, outcome } = tallyVotes(proposal, votes);
  return { proposal: proposal.id, tally, counted, outcome, closed_at: proposal.closes_at, signatures: [] };
}
