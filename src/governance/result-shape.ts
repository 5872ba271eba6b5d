// Parses a result document (signatures and tally are checked by verify-result.ts).
import { FieldChecker, SLUG, show } from './document-fields.js';
import { OUTCOMES, type GovernanceResult } from './types.js';

const FIELDS = ['proposal', 'tally', 'counted', 'outcome', 'closed_at', 'signatures'];

export function parseResult(value: unknown, what = 'result'): GovernanceResult {
  const c = FieldChecker.of(what, value);
  c.only(FIELDS);
  c.string('proposal', { pattern: SLUG, rule: 'a proposal id' });
  const tally = c.doc.tally;
  if (tally === null || typeof tally !== 'object' || Array.isArray(tally)) c.problem('tally', `expected { choice: count }, got ${show(tally)}`);
  else for (const [choice, n] of Object.entries(tally)) if (!Number.isSafeInteger(n) || (n as number) < 0) c.problem(`tally.${choice}`, `expected a count >= 0, got ${show(n)}`);
  const counted = c.doc.counted;
  if (!Array.isArray(counted) || counted.some((h) => typeof h !== 'string' || !/^[0-9a-f]{64}$/.test(h))) c.problem('counted', `expected an array of vote hashes (64 hex characters), got ${show(counted)}`);
  if (!(OUTCOMES as readonly unknown[]).includes(c.doc.outcome)) c.problem('outcome', `expected one of ${OUTCOMES.join(', ')}, got ${show(c.doc.outcome)}`);
  c.time('closed_at');
  c.signatures();
  return c.done<GovernanceResult>();
}
