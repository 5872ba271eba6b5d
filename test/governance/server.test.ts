import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GovernanceClient } from '../../src/governance/governance-client.js';
import { serveGovernance } from '../../src/governance/governance-server.js';
import { signResult } from '../../src/governance/signing.js';
import { buildResult } from '../../src/governance/tally.js';
import type { GovernanceResult } from '../../src/governance/types.js';
import { generatePrivateKey, publicKeyOf } from '../../src/trust/keys.js';
import { MAINTAINERS, TRUST, iso, proposal, signedBy, vote } from './helpers.js';

const { alice, bob, carol } = MAINTAINERS;

async function server(t: { teardown(fn: () => Promise<void>): void }) {
  const dir = await mkdtemp(join(tmpdir(), 'blvm-gov-server-'));
  const served = await serveGovernance(dir, '127.0.0.1', 0, TRUST);
  t.teardown(async () => {
    await served.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { dir, served, client: new GovernanceClient(served.url) };
}

test('a proposal signed 2-of-3 is published and listed; 1-of-3, untrusted, altered or double-signed ones are refused with reasons', async (t) => {
  const { client } = await server(t);
  t.deepEqual(await client.publish(signedBy(proposal(), alice, bob)), { id: 'approve-event-journal', signers: ['dev-alice', 'dev-bob'], created: true });
  const refusals = [
    [signedBy(proposal({ id: 'one' }), carol), /1 of 2 required maintainer signatures valid/],
    [signedBy(proposal({ id: 'untrusted' }), generatePrivateKey(), alice), /signatures\[0\]: untrusted key/],
    [{ ...signedBy(proposal({ id: 'altered' }), alice, bob), quorum: 0 }, /signature does not verify for dev-alice/],
    [(() => { const p = signedBy(proposal({ id: 'twice' }), alice); return { ...p, signatures: [p.signatures[0], p.signatures[0]] }; })(), /second signature by dev-alice ignored/],
  ] as const;
  for (const [doc, reason] of refusals) {
    const error = await t.throwsAsync(client.publish(doc));
    t.is((error as { code?: string }).code, 'policy_denied', doc.id);
    t.regex([error?.message, ...((error as { details?: string[] }).details ?? [])].join('\n'), reason, doc.id);
  }
  t.deepEqual(((await client.proposals('open')).proposals as { id: string }[]).map((p) => p.id), ['approve-event-journal']);
  t.deepEqual((await client.proposals('closed')).proposals, []);
});

test('a vote reaches the server and counts once; a second vote by the same node replaces the first', async (t) => {
  const { client } = await server(t);
  const p = signedBy(proposal({ quorum: 1 }), alice, bob);
  await client.publish(p);
  const node = generatePrivateKey();
  const first = vote(node, p, 'no', iso(Date.now() - 2000));
  t.false((await client.sendVote(first)).duplicate);
  t.true((await client.sendVote(first)).duplicate);
  const second = vote(node, p, 'yes', iso(Date.now() - 1000), 'changed my mind');
  await client.sendVote(second);
  const votes = (await client.votes(p.id)).votes;
  t.is(votes.length, 2);
  t.deepEqual(buildResult(p, votes as never).tally, { yes: 1, no: 0, abstain: 0 });
});

test('the server refuses a vote after closes_at, from outside the electorate, with a bad signature, or too large', async (t) => {
  const { client } = await server(t);
  const node = generatePrivateKey();
  const closed = signedBy(proposal({ id: 'closed', opens_at: iso(Date.now() - 7_200_000), closes_at: iso(Date.now() - 3_600_000) }), alice, bob);
  const members = signedBy(proposal({ id: 'members', electorate: [publicKeyOf(generatePrivateKey())] }), alice, bob);
  const open = signedBy(proposal({ id: 'open' }), alice, bob);
  for (const p of [closed, members, open]) await client.publish(p);
  await t.throwsAsync(client.sendVote(vote(node, closed, 'yes', iso(Date.now() - 5_000_000))), { code: 'policy_denied', message: /voting on closed closed at/ } as never);
  await t.throwsAsync(client.sendVote(vote(node, members, 'yes')), { code: 'policy_denied', message: /is not in the electorate of proposal members/ } as never);
  await t.throwsAsync(client.sendVote({ ...vote(node, open, 'no'), choice: 'yes' }), { code: 'protocol', message: /signature does not verify/ } as never);
  await t.throwsAsync(client.sendVote(vote(node, open, 'yes', iso(Date.now()), 'x'.repeat(1001))), { code: 'protocol', message: /rationale: longer than 1000 characters/ } as never);
  const huge = await fetch(`${client.baseUrl}/v1/proposals/open/votes`, { method: 'POST', body: JSON.stringify({ padding: 'x'.repeat(20_000) }) });
  t.is(huge.status, 400);
  t.regex((await huge.json()).message, /larger than 8192 bytes/);
  t.deepEqual((await client.votes('open')).votes, []);
});

test('a result becomes final once threshold maintainers sign the server tally; a different tally is refused', async (t) => {
  const { client } = await server(t);
  const p = signedBy(proposal({ id: 'past', opens_at: iso(Date.now() - 7_200_000), closes_at: iso(Date.now() - 3_600_000), quorum: 0 }), alice, bob);
  await client.publish(p);
  const result = buildResult(p, []);
  t.deepEqual(await client.sendResult(signResult(result, alice)), { final: false, signers: ['dev-alice'] });
  t.deepEqual(await client.sendResult(signResult(result, carol)), { final: true, signers: ['dev-alice', 'dev-carol'] });
  const stored = (await client.result('past')) as GovernanceResult;
  t.is(stored.outcome, 'failed');
  t.is(stored.signatures.length, 2);
  await t.throwsAsync(client.sendResult(signResult({ ...result, outcome: 'passed' }, bob)), { code: 'conflict', message: /does not match this server's tally/ } as never);
});
