// The canonical byte forms governance signatures cover: a domain tag per document kind, then
// the document without its signature(s) as canonical JSON (the manifest rules: recursively
// sorted keys, no whitespace). A vote's hash is the hex of its signed digest.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../trust/canonical.js';
import type { GovernanceResult, Proposal, Vote } from './types.js';

export const PROPOSAL_DOMAIN_TAG = 'blvm-governance-proposal-v1\n';
export const VOTE_DOMAIN_TAG = 'blvm-governance-vote-v1\n';
export const RESULT_DOMAIN_TAG = 'blvm-governance-result-v1\n';

function digest(tag: string, unsigned: unknown): Uint8Array {
  return new Uint8Array(createHash('sha256').update(tag + canonicalJson(unsigned), 'utf8').digest());
}

export function proposalDigest(proposal: Proposal): Uint8Array {
  const { signatures: _signatures, ...unsigned } = proposal;
  return digest(PROPOSAL_DOMAIN_TAG, unsigned);
}

export function voteDigest(vote: Omit<Vote, 'signature'> & { signature?: string }): Uint8Array {
  const { signature: _signature, ...unsigned } = vote;
  return digest(VOTE_DOMAIN_TAG, unsigned);
}

export function resultDigest(result: Omit<GovernanceResult, 'signatures'> & { signatures?: unknown }): Uint8Array {
  const { signatures: _signatures, ...unsigned } = result;
  return digest(RESULT_DOMAIN_TAG, unsigned);
}

/** The identity of a vote: hex SHA-256 of its canonical form (its signature excluded). */
export function voteHash(vote: Vote): string {
  return Buffer.from(voteDigest(vote)).toString('hex');
}
