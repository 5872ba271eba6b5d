import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GovernanceClient } from '../../src/governance/governance-client.js';
import { GovernanceNode } from '../../src/governance/governance-node.js';
import { serveGovernance, type GovernanceServer } from '../../src/governance/governance-server.js';
import { loadNodeIdentity } from '../../src/governance/identity-key.js';
import { GovernanceNodeStore } from '../../src/governance/node-store.js';
import { GovernanceServerDb } from '../../src/governance/server-db.js';
import { signResult } from '../../src/governance/signing.js';
import { buildResult } from '../../src/governance/tally.js';
import { generatePrivateKey } from '../../src/trust/keys.js';
import { MAINTAINERS, TRUST, iso, proposal, signedBy, vote } from './helpers.js';

const { alice, bob, carol } = MAINTAINERS;

interface Harness {
  serverDir: string;
  dataDir: string;
  server?: GovernanceServer;
  events: { type: string; payload: Record<string, unknown> }[];
  stores: GovernanceNodeStore[];
}

async function harness(t: { teardown(fn: () => Promise<void>): void }): Promise<Harness> {
  const h: Harness = { serverDir: await mkdtemp(join(tmpdir(), 'blvm-gov-srv-')), dataDir: await mkdtemp(join(tmpdir(), 'blvm-gov-node-')), events: [], stores: [] };
  t.teardown(async () => {
    await h.server?.close();
    for (const s of h.stores) await s.close().catch(() => undefined);
    await rm(h.serverDir, { recursive: true, force: true });
    await rm(h.dataDir, { recursive: true, force: true });
  });
  return h;
}

async function nodeOf(h: Harness, url: string): Promise<GovernanceNode> {
  const store = await GovernanceNodeStore.open(h.dataDir);
  h.stores.push(store);
  return new GovernanceNode({ store, identity: await loadNodeIdentity(h.dataDir), trust: TRUST, url, publish: (type, payload) => h.events.push({ type, payload }), warn: () => undefined });
}

test('the node keeps a 2-of-3 proposal and refuses 1-of-3, untrusted and altered ones with reasons', async (t) => {
  const h = await harness(t);
  h.server = await serveGovernance(h.serverDir, '127.0.0.1', 0, TRUST);
  const good = signedBy(proposal(), alice, bob);
  await new GovernanceClient(h.server.url).publish(good);
  const db = await GovernanceServerDb.open(h.serverDir);
  await db.putProposal(signedBy(proposal({ id: 'one-of-three' }), carol));
  await db.putProposal(signedBy(proposal({ id: 'untrusted' }), generatePrivateKey(), generatePrivateKey()));
  await db.putProposal({ ...signedBy(proposal({ id: 'altered' }), alice, bob), title: 'Something else' });
  await db.close();
  const node = await nodeOf(h, h.server.url);
  await node.sync();
  t.deepEqual((await node.proposals()).map((p) => [p.id, p.status, p.signers]), [['approve-event-journal', 'open', ['dev-alice', 'dev-bob']]]);
  const rejected = Object.fromEntries((await node.rejected()).map((r) => [r.id, r.reasons.join('\n')]));
  t.regex(rejected['one-of-three'], /1 of 2 required maintainer signatures valid/);
  t.regex(rejected.untrusted, /signatures\[0\]: untrusted key/);
  t.regex(rejected.altered, /signature does not verify for dev-alice/);
  t.deepEqual(h.events.map((e) => [e.type, e.payload.id]), [['GovernanceProposal', 'approve-event-journal']]);
});

test('a vote cast while the server is down is queued durably and delivered once the server is back', async (t) => {
  const h = await harness(t);
  const first = await serveGovernance(h.serverDir, '127.0.0.1', 0, TRUST);
  const p = signedBy(proposal(), alice, bob);
  await new GovernanceClient(first.url).publish(p);
  const before = await nodeOf(h, first.url);
  await before.sync();
  await first.close();
  const cast = await before.vote(p.id, 'yes', 'the module is reviewed', 'operator');
  t.is(cast.state, 'queued');
  t.regex(cast.detail ?? '', /is unreachable/);
  await h.stores[0].close();
  h.stores.length = 0;
  const port = Number(new URL(first.url).port);
  h.server = await serveGovernance(h.serverDir, '127.0.0.1', port, TRUST);
  const after = await nodeOf(h, first.url);
  t.deepEqual((await after.ownVotes()).map((v) => v.state), ['queued']);
  await after.sync();
  t.deepEqual((await after.ownVotes()).map((v) => v.state), ['delivered']);
  const onServer = (await new GovernanceClient(h.server.url).votes(p.id)).votes as { choice: string; voter: string }[];
  t.deepEqual(onServer.map((v) => [v.choice, v.voter]), [['yes', after.publicKey]]);
});

test('a result is stored as not final below threshold, and a threshold result that disagrees with the votes is flagged', async (t) => {
  const h = await harness(t);
  h.server = await serveGovernance(h.serverDir, '127.0.0.1', 0, TRUST);
  const p = signedBy(proposal({ id: 'past', opens_at: iso(Date.now() - 7_200_000), closes_at: iso(Date.now() - 3_600_000) }), alice, bob);
  const client = new GovernanceClient(h.server.url);
  await client.publish(p);
  const db = await GovernanceServerDb.open(h.serverDir);
  const votes = [vote(generatePrivateKey(), p, 'no', iso(Date.now() - 5_000_000)), vote(generatePrivateKey(), p, 'no', iso(Date.now() - 5_000_000))];
  for (const v of votes) await db.addVote(v);
  await client.sendResult(signResult(buildResult(p, votes), alice));
  const node = await nodeOf(h, h.server.url);
  await node.sync();
  const pending = await node.result('past');
  t.false(pending.final);
  t.deepEqual('mismatch' in pending ? pending.mismatch : ['?'], []);
  const lying = signResult(signResult({ ...buildResult(p, votes), tally: { yes: 2, no: 0, abstain: 0 }, outcome: 'passed' }, alice), bob);
  await db.putResult(lying);
  await db.close();
  await node.sync();
  const flagged = await node.result('past');
  t.true(flagged.final);
  t.deepEqual('mismatch' in flagged ? flagged.mismatch : [], ['tally.yes: signed 2, recounted 0', 'tally.no: signed 0, recounted 2', 'outcome: signed "passed", recounted "failed"']);
  t.deepEqual(h.events.filter((e) => e.type === 'GovernanceResult').map((e) => [e.payload.final, (e.payload.mismatch as string[]).length]), [[false, 0], [true, 3]]);
});
