// Whether a vote may count for a proposal: signed by its voter, a listed choice, a voter of
// the electorate, cast inside [opens_at, closes_at). The reason names what is wrong.
import { isHighS, verifyDigest } from '../trust/secp.js';
import { voteDigest } from './canonical-forms.js';
import type { Proposal, Vote } from './types.js';

export function voteProblem(proposal: Proposal, vote: Vote): string | undefined {
  if (vote.proposal !== proposal.id) return `vote is for proposal "${vote.proposal}", not "${proposal.id}"`;
  if (!proposal.choices.includes(vote.choice)) return `choice "${vote.choice}" is not one of ${proposal.choices.join(', ')}`;
  if (proposal.electorate !== 'any' && !proposal.electorate.includes(vote.voter)) return `voter ${vote.voter} is not in the electorate of proposal ${proposal.id}`;
  if (isHighS(vote.signature) || !verifyDigest(vote.signature, voteDigest(vote), vote.voter)) return `signature does not verify for voter ${vote.voter}`;
  const cast = Date.parse(vote.cast_at);
  if (cast < Date.parse(proposal.opens_at)) return `cast_at ${vote.cast_at} is before the proposal opens (${proposal.opens_at})`;
  if (cast >= Date.parse(proposal.closes_at)) return `cast_at ${vote.cast_at} is not before closes_at (${proposal.closes_at})`;
  return undefined;
}

/** open until closes_at (votes before opens_at are refused by the rules above), closed after. */
export function proposalStatus(closesAt: string, now = Date.now()): 'open' | 'closed' {
  return now >= Date.parse(closesAt) ? 'closed' : 'open';
}
