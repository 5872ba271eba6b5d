// Parses a proposal document: every field of docs/governance.md checked, every problem named.
import { FieldChecker, SLUG, show } from './document-fields.js';
import { PROPOSAL_KINDS, type Proposal } from './types.js';

const FIELDS = ['id', 'title', 'description', 'kind', 'subject', 'choices', 'opens_at', 'closes_at', 'electorate', 'quorum', 'pass', 'signatures'];
export const MAX_CHOICES = 16;
export const MAX_ELECTORATE = 10_000;

function checkChoices(c: FieldChecker): string[] {
  const choices = c.doc.choices;
  if (!Array.isArray(choices) || choices.length < 2 || choices.length > MAX_CHOICES) {
    c.problem('choices', `expected 2 to ${MAX_CHOICES} choices, got ${show(choices)}`);
    return [];
  }
  choices.forEach((choice: unknown, i) => {
    if (typeof choice !== 'string' || !SLUG.test(choice)) c.problem(`choices[${i}]`, `expected a lowercase word like "yes", got ${show(choice)}`);
  });
  if (new Set(choices).size !== choices.length) c.problem('choices', 'a choice is listed twice');
  return choices as string[];
}

function checkElectorate(c: FieldChecker): void {
  const electorate = c.doc.electorate;
  if (electorate === 'any') return;
  if (!Array.isArray(electorate) || electorate.length === 0 || electorate.length > MAX_ELECTORATE) {
    return c.problem('electorate', `expected "any" or a list of 1 to ${MAX_ELECTORATE} node public keys, got ${show(electorate)}`);
  }
  electorate.forEach((key: unknown, i) => c.publicKey(`electorate[${i}]`, key));
  if (new Set(electorate).size !== electorate.length) c.problem('electorate', 'a node key is listed twice');
}

function checkPass(c: FieldChecker, choices: string[]): void {
  const pass = c.doc.pass as Record<string, unknown> | undefined;
  if (pass === null || typeof pass !== 'object' || Array.isArray(pass)) return c.problem('pass', `expected { choice, min_share }, got ${show(pass)}`);
  for (const key of Object.keys(pass)) if (key !== 'choice' && key !== 'min_share') c.problem(`pass.${key}`, 'unknown field');
  if (typeof pass.choice !== 'string' || !choices.includes(pass.choice)) c.problem('pass.choice', `expected one of the choices, got ${show(pass.choice)}`);
  const share = pass.min_share;
  if (typeof share !== 'number' || !(share > 0 && share <= 1)) c.problem('pass.min_share', `expected a number in (0, 1], got ${show(share)}`);
}

export function parseProposal(value: unknown, what = 'proposal'): Proposal {
  const c = FieldChecker.of(what, value);
  c.only(FIELDS);
  c.string('id', { pattern: SLUG, rule: 'a slug (lowercase letters, digits and "-", at most 64 characters)' });
  c.string('title', { max: 200 });
  c.string('description', { max: 20_000 });
  if (!(PROPOSAL_KINDS as readonly unknown[]).includes(c.doc.kind)) c.problem('kind', `expected one of ${PROPOSAL_KINDS.join(', ')}, got ${show(c.doc.kind)}`);
  const subject = c.doc.subject;
  if (subject !== undefined && (subject === null || typeof subject !== 'object' || Array.isArray(subject))) c.problem('subject', `expected an object, got ${show(subject)}`);
  const choices = checkChoices(c);
  c.time('opens_at');
  c.time('closes_at');
  if (c.problems.length === 0 && Date.parse(c.doc.closes_at as string) <= Date.parse(c.doc.opens_at as string)) c.problem('closes_at', 'must be later than opens_at');
  checkElectorate(c);
  const quorum = c.doc.quorum;
  if (typeof quorum !== 'number' || !Number.isSafeInteger(quorum) || quorum < 0) c.problem('quorum', `expected a whole number of votes >= 0, got ${show(quorum)}`);
  checkPass(c, choices);
  c.signatures();
  return c.done<Proposal>();
}
