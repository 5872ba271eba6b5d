// What the governance server accepts: threshold-signed proposals, votes that pass every rule
// (shape, size, signature, electorate, voting window by the server's clock), and results
// signed by trusted maintainers that equal the server's own recount. Refusals are BlvmErrors
// whose message says why.
import { BlvmError } from '../errors.js';
import { resultDigest, voteHash } from './canonical-forms.js';
import { checkMaintainerSignatures } from './maintainer-signatures.js';
import { mergeSignatures, sameUnsigned } from './merge-signatures.js';
import { parseProposal } from './proposal-shape.js';
import { parseResult } from './result-shape.js';
import type { GovernanceServerDb } from './server-db.js';
import { buildResult } from './tally.js';
import type { GovernanceTrust, Proposal } from './types.js';
import { verifyProposal } from './verify-documents.js';
import { voteProblem } from './vote-rules.js';
import { parseVote } from './vote-shape.js';

/** How far in the future (server clock) a vote's cast_at may be. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export async function knownProposal(db: GovernanceServerDb, id: string): Promise<Proposal> {
  const proposal = await db.proposal(id);
  if (!proposal) throw new BlvmError('not_found', `no proposal "${id}" on this server`);
  return proposal;
}

export async function publishProposal(db: GovernanceServerDb, trust: GovernanceTrust, body: unknown): Promise<{ id: string; signers: string[]; created: boolean }> {
  const proposal = parseProposal(body);
  const report = verifyProposal(proposal, trust);
  if (!report.ok) throw new BlvmError('policy_denied', `proposal ${proposal.id} is not published: ${report.problems[0]}`, { details: report.problems });
  const existing = await db.proposal(proposal.id);
  if (existing && !sameUnsigned(existing, proposal)) throw new BlvmError('conflict', `proposal ${proposal.id} is already published with different content; use a new id`);
  await db.putProposal(existing ? { ...existing, signatures: mergeSignatures(existing.signatures, proposal.signatures) } : proposal);
  return { id: proposal.id, signers: report.signers, created: !existing };
}

export async function acceptVote(db: GovernanceServerDb, id: string, body: unknown, now = Date.now()): Promise<{ hash: string; duplicate: boolean }> {
  const vote = parseVote(body);
  if (vote.proposal !== id) throw new BlvmError('protocol', `vote is for proposal "${vote.proposal}" but was posted to proposal "${id}"`);
  const proposal = await knownProposal(db, id);
  if (now >= Date.parse(proposal.closes_at)) throw new BlvmError('policy_denied', `voting on ${id} closed at ${proposal.closes_at}`);
  if (now < Date.parse(proposal.opens_at)) throw new BlvmError('policy_denied', `voting on ${id} opens at ${proposal.opens_at}`);
  if (Date.parse(vote.cast_at) > now + CLOCK_SKEW_MS) throw new BlvmError('protocol', `cast_at ${vote.cast_at} is in the future`);
  const problem = voteProblem(proposal, vote);
  if (problem !== undefined) throw new BlvmError(problem.includes('signature') ? 'protocol' : 'policy_denied', `vote refused: ${problem}`);
  const added = await db.addVote(vote);
  return { hash: voteHash(vote), duplicate: !added };
}

export async function acceptResult(db: GovernanceServerDb, trust: GovernanceTrust, id: string, body: unknown, now = Date.now()): Promise<{ final: boolean; signers: string[] }> {
  const result = parseResult(body);
  if (result.proposal !== id) throw new BlvmError('protocol', `result is for proposal "${result.proposal}" but was posted to proposal "${id}"`);
  const proposal = await knownProposal(db, id);
  if (now < Date.parse(proposal.closes_at)) throw new BlvmError('policy_denied', `proposal ${id} is still open until ${proposal.closes_at}`);
  const own = buildResult(proposal, await db.votes(id));
  if (!sameUnsigned({ ...result, counted: [...result.counted].sort() }, own)) throw new BlvmError('conflict', `result for ${id} does not match this server's tally of its ${own.counted.length} counted vote(s)`);
  const signed = checkMaintainerSignatures(resultDigest(result), result.signatures, { ...trust, required: result.signatures.length });
  if (result.signatures.length === 0 || !signed.ok) throw new BlvmError('policy_denied', `result for ${id} carries signatures that do not count: ${signed.problems.slice(1).join('; ') || 'none given'}`, { details: signed.problems });
  const stored = await db.result(id);
  const merged = { ...own, signatures: mergeSignatures(stored?.signatures ?? [], result.signatures) };
  await db.putResult(merged);
  const report = checkMaintainerSignatures(resultDigest(merged), merged.signatures, trust);
  return { final: report.ok, signers: report.signers };
}
