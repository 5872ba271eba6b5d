// Parses a vote document (the signature is checked by verify-vote.ts).
import { FieldChecker, SLUG } from './document-fields.js';
import type { Vote } from './types.js';

export const MAX_RATIONALE = 1000;
const FIELDS = ['proposal', 'choice', 'rationale', 'voter', 'cast_at', 'signature'];

export function parseVote(value: unknown, what = 'vote'): Vote {
  const c = FieldChecker.of(what, value);
  c.only(FIELDS);
  c.string('proposal', { pattern: SLUG, rule: 'a proposal id' });
  c.string('choice', { pattern: SLUG, rule: 'a choice word' });
  c.string('rationale', { optional: true, max: MAX_RATIONALE });
  c.publicKey('voter');
  c.time('cast_at');
  c.signatureHex('signature');
  return c.done<Vote>();
}
