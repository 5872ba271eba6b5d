// Verification of what a node or server receives: a proposal is accepted only with threshold
// maintainer signatures; a result is final only with threshold signatures, and its tally is
// recomputed from the signed votes, any difference being reported as a mismatch.
import { proposalDigest, resultDigest } from './canonical-forms.js';
import { checkMaintainerSignatures, type ThresholdReport } from './maintainer-signatures.js';
import { tallyVotes } from './tally.js';
import type { GovernanceResult, GovernanceTrust, Proposal, Vote } from './types.js';

export function verifyProposal(proposal: Proposal, trust: GovernanceTrust): ThresholdReport {
  return checkMaintainerSignatures(proposalDigest(proposal), proposal.signatures, trust);
}

export interface ResultReport {
  /** Threshold maintainer signatures over the result. */
  final: boolean;
  signers: string[];
  problems: string[];
  /** Differences between the signed result and the tally of the signed votes (empty = agrees). */
  mismatch: string[];
}

/** Compares a signed result with the tally recomputed from `votes`. */
export function resultMismatch(result: GovernanceResult, proposal: Proposal, votes: Vote[]): string[] {
  const recount = tallyVotes(proposal, votes);
  const out: string[] = [];
  if (result.proposal !== proposal.id) out.push(`result is for proposal "${result.proposal}", not "${proposal.id}"`);
  for (const choice of new Set([...Object.keys(recount.tally), ...Object.keys(result.tally)])) {
    if ((result.tally[choice] ?? 0) !== (recount.tally[choice] ?? 0)) out.push(`tally.${choice}: signed ${result.tally[choice] ?? 0}, recounted ${recount.tally[choice] ?? 0}`);
  }
  const signed = [...result.counted].sort().join(',');
  if (signed !== recount.counted.join(',')) out.push(`counted: the signed result counts ${result.counted.length} vote(s), the recount ${recount.counted.length}, and they differ`);
  if (result.outcome !== recount.outcome) out.push(`outcome: signed "${result.outcome}", recounted "${recount.outcome}"`);
  if (result.closed_at !== proposal.closes_at) out.push(`closed_at: signed ${result.closed_at}, the proposal closes at ${proposal.closes_at}`);
  return out;
}

export function verifyResult(result: GovernanceResult, proposal: Proposal, votes: Vote[], trust: GovernanceTrust): ResultReport {
  const signatures = checkMaintainerSignatures(resultDigest(result), result.signatures, trust);
  return { final: signatures.ok, signers: signatures.signers, problems: signatures.problems, mismatch: resultMismatch(result, proposal, votes) };
}
