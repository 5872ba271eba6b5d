// Keys, trust and documents for governance tests: the three development maintainer keys
// (2-of-3) and freshly generated node keys.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signProposal, signVote } from '../../src/governance/signing.js';
import type { GovernanceTrust, Proposal, Vote } from '../../src/governance/types.js';
import { publicKeyOf } from '../../src/trust/keys.js';
import { PACKAGE_ROOT } from '../../src/version.js';

const keyOf = (name: string): string => readFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', 'keys', `${name}.key`), 'utf8').trim();

export const MAINTAINERS = { alice: keyOf('dev-alice'), bob: keyOf('dev-bob'), carol: keyOf('dev-carol') };
export const TRUST: GovernanceTrust = {
  trusted: Object.entries(MAINTAINERS).map(([name, key]) => ({ name: `dev-${name}`, public_key: publicKeyOf(key) })),
  required: 2,
};

const HOUR = 3_600_000;
export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** An unsigned proposal open from an hour ago to an hour from now (fields overridable). */
export function proposal(overrides: Partial<Proposal> = {}): Proposal {
  const now = Date.now();
  return {
    id: 'approve-event-journal',
    title: 'Approve event-journal 0.2',
    description: 'Should nodes run event-journal 0.2.0?',
    kind: 'module-approval',
    subject: { module: 'event-journal', version: '0.2.0' },
    choices: ['yes', 'no', 'abstain'],
    opens_at: iso(now - HOUR),
    closes_at: iso(now + HOUR),
    electorate: 'any',
    quorum: 1,
    pass: { choice: 'yes', min_share: 0.66 },
    signatures: [],
    ...overrides,
  };
}

/** The proposal signed by the named maintainers, in order. */
export function signedBy(p: Proposal, ...keys: string[]): Proposal {
  return keys.reduce((acc, key) => signProposal(acc, key), p);
}

export function vote(nodeKey: string, p: Proposal, choice: string, castAt = iso(Date.now()), rationale?: string): Vote {
  return signVote({ proposal: p.id, choice, cast_at: castAt, ...(rationale === undefined ? {} : { rationale }) }, nodeKey);
}
