// The three signed governance documents (docs/governance.md has their JSON shapes) and what
// the node keeps about them.
import type { ManifestSignature } from '../manifest/types.js';

export const PROPOSAL_KINDS = ['module-approval', 'parameter', 'text'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];
export const OUTCOMES = ['passed', 'failed', 'no-quorum'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A maintainer signature: same shape as a manifest's [[signatures]] entry. */
export type MaintainerSignature = ManifestSignature;

export interface PassRule {
  choice: string;
  /** Share of the counted votes the choice needs, 0 < min_share <= 1. */
  min_share: number;
}

export interface Proposal {
  id: string;
  title: string;
  description: string;
  kind: ProposalKind;
  subject?: Record<string, unknown>;
  choices: string[];
  opens_at: string;
  closes_at: string;
  /** "any" = one vote per node key; else the node public keys allowed to vote. */
  electorate: 'any' | string[];
  quorum: number;
  pass: PassRule;
  signatures: MaintainerSignature[];
}

export interface Vote {
  proposal: string;
  choice: string;
  rationale?: string;
  voter: string;
  cast_at: string;
  signature: string;
}

export interface GovernanceResult {
  proposal: string;
  tally: Record<string, number>;
  /** Hashes (docs/governance.md) of the votes counted, sorted. */
  counted: string[];
  outcome: Outcome;
  closed_at: string;
  signatures: MaintainerSignature[];
}

/** Maintainer keys and threshold that proposals and results are checked against. */
export interface GovernanceTrust {
  trusted: { name: string; public_key: string }[];
  /** Distinct trusted signatures required. */
  required: number;
}
