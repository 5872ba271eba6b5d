import test from 'ava';
import { voteHash } from '../../src/governance/canonical-forms.js';
import { parseProposal } from '../../src/governance/proposal-shape.js';
import { parseResult } from '../../src/governance/result-shape.js';
import { signResult } from '../../src/governance/signing.js';
import { buildResult, tallyVotes } from '../../src/governance/tally.js';
import { verifyProposal, verifyResult } from '../../src/governance/verify-documents.js';
import { parseVote } from '../../src/governance/vote-shape.js';
import { voteProblem } from '../../src/governance/vote-rules.js';
import { generatePrivateKey, publicKeyOf } from '../../src/trust/keys.js';
import { MAINTAINERS, TRUST, iso, proposal, signedBy, vote } from './helpers.js';

const { alice, bob, carol } = MAINTAINERS;

test('a proposal signed by 2 of 3 trusted maintainers is accepted, naming its signers', (t) => {
  const report = verifyProposal(parseProposal(signedBy(proposal(), alice, carol)), TRUST);
  t.true(report.ok);
  t.deepEqual(report.signers, ['dev-alice', 'dev-carol']);
});

test('a proposal signed by 1 of 3 maintainers is refused with the count', (t) => {
  const report = verifyProposal(signedBy(proposal(), bob), TRUST);
  t.false(report.ok);
  t.is(report.problems[0], '1 of 2 required maintainer signatures valid');
});

test('signatures by untrusted keys do not count and are named as untrusted', (t) => {
  const report = verifyProposal(signedBy(proposal(), alice, generatePrivateKey(), generatePrivateKey()), TRUST);
  t.false(report.ok);
  t.regex(report.problems.join('\n'), /signatures\[1\]: untrusted key 0[23][0-9a-f]{10}…/);
  t.regex(report.problems.join('\n'), /signatures\[2\]: untrusted key/);
});

test('a field changed after signing invalidates every signature', (t) => {
  const signed = signedBy(proposal(), alice, bob);
  const report = verifyProposal({ ...signed, quorum: 0 }, TRUST);
  t.false(report.ok);
  t.deepEqual(report.problems, ['0 of 2 required maintainer signatures valid', 'signatures[0]: signature does not verify for dev-alice', 'signatures[1]: signature does not verify for dev-bob']);
  t.false(verifyProposal({ ...signed, subject: { module: 'event-journal', version: '9.9.9' } }, TRUST).ok);
});

test('the same maintainer key signing twice counts once', (t) => {
  const once = signedBy(proposal(), alice);
  const twice = { ...once, signatures: [once.signatures[0], { ...once.signatures[0], name: 'dev-alice-again' }] };
  const report = verifyProposal(twice, TRUST);
  t.false(report.ok);
  t.regex(report.problems.join('\n'), /signatures\[1\]: second signature by dev-alice ignored/);
});

test('a malformed proposal is refused naming every bad field', (t) => {
  const error = t.throws(() => parseProposal({ ...proposal(), id: 'Not A Slug', choices: ['yes'], closes_at: 'tomorrow', extra: 1 }));
  t.regex(error.message, /^proposal is invalid: /);
  const details = (error as unknown as { details: string[] }).details.join('\n');
  t.regex(details, /extra: unknown field/);
  t.regex(details, /id: expected a slug/);
  t.regex(details, /choices: expected 2 to 16 choices/);
  t.regex(details, /closes_at: expected an RFC 3339 date-time/);
  t.regex(details, /pass.choice: expected one of the choices/);
});

test('a signed vote verifies; a changed choice, a foreign electorate or a time outside the window does not', (t) => {
  const node = generatePrivateKey();
  const p = proposal();
  const v = parseVote(vote(node, p, 'yes', iso(Date.now()), 'looks fine'));
  t.is(voteProblem(p, v), undefined);
  t.regex(voteProblem(p, { ...v, choice: 'no' }) ?? '', /signature does not verify for voter/);
  t.regex(voteProblem({ ...p, electorate: [publicKeyOf(generatePrivateKey())] }, v) ?? '', /is not in the electorate/);
  t.regex(voteProblem(p, vote(node, p, 'yes', p.closes_at)) ?? '', /is not before closes_at/);
  t.regex(voteProblem(p, vote(node, p, 'maybe')) ?? '', /choice "maybe" is not one of yes, no, abstain/);
  t.throws(() => parseVote({ ...v, rationale: 'x'.repeat(1001) }), { message: /rationale: longer than 1000 characters/ });
});

test('the tally counts the latest vote per voter once, and applies quorum and the pass share', (t) => {
  const [a, b, c] = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
  const p = proposal({ quorum: 3 });
  const t0 = Date.now() - 60_000;
  const first = vote(a, p, 'no', iso(t0));
  const replaced = vote(a, p, 'yes', iso(t0 + 1000));
  const two = tallyVotes(p, [replaced, first, vote(b, p, 'yes', iso(t0))]);
  t.deepEqual(two.tally, { yes: 2, no: 0, abstain: 0 });
  t.is(two.outcome, 'no-quorum');
  t.false(two.counted.includes(voteHash(first)));
  t.is(tallyVotes(p, [first, replaced, vote(b, p, 'yes'), vote(c, p, 'yes')]).outcome, 'passed');
  t.is(tallyVotes(p, [first, replaced, vote(b, p, 'yes'), vote(c, p, 'no')]).outcome, 'passed');
  t.is(tallyVotes(p, [first, replaced, vote(b, p, 'no'), vote(c, p, 'abstain')]).outcome, 'failed');
  const forged = { ...vote(c, p, 'no'), choice: 'yes' };
  t.deepEqual(tallyVotes(p, [forged]).ignored.map((i) => i.reason), [`signature does not verify for voter ${publicKeyOf(c)}`]);
});

test('a result with fewer than threshold signatures is not final', (t) => {
  const p = proposal();
  const votes = [vote(generatePrivateKey(), p, 'yes')];
  const result = parseResult(signResult(buildResult(p, votes), alice));
  const report = verifyResult(result, p, votes, TRUST);
  t.false(report.final);
  t.deepEqual(report.mismatch, []);
  t.true(verifyResult(signResult(result, bob), p, votes, TRUST).final);
});

test('a threshold-signed result whose tally disagrees with the signed votes is flagged', (t) => {
  const p = proposal();
  const votes = [vote(generatePrivateKey(), p, 'yes'), vote(generatePrivateKey(), p, 'no')];
  const honest = buildResult(p, votes);
  const lying = signResult(signResult({ ...honest, tally: { yes: 2, no: 0, abstain: 0 }, outcome: 'passed' }, alice), bob);
  const report = verifyResult(lying, p, votes, TRUST);
  t.true(report.final);
  t.deepEqual(report.mismatch, ['tally.yes: signed 2, recounted 1', 'tally.no: signed 0, recounted 1', 'outcome: signed "passed", recounted "failed"']);
});
