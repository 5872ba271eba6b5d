// Governance end to end (issue 16): a real daemon with fixture modules, a real governance
// server (HTTP + sqlite) in this process, votes that survive a daemon SIGKILL.
import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GovernanceClient } from '../../src/governance/governance-client.js';
import { serveGovernance, type GovernanceServer } from '../../src/governance/governance-server.js';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { waitUntil } from '../../src/testing/wait.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { MAINTAINERS, TRUST, proposal, signedBy } from '../governance/helpers.js';

const FIXTURE = join(PACKAGE_ROOT, 'test', 'fixtures', 'governance', 'gov-caller.mjs');

const manifest = (name: string, capabilities: string[]): string =>
  `name = "${name}"\nversion = "1.0.0"\nentry_point = "main.js"\ndescription = "governance test fixture"\nauthor = "blvm tests"\ncapabilities = ${JSON.stringify(capabilities)}\n`;

function governanceToml(url: string): string {
  const keys = TRUST.trusted.map((k) => `{ name = "${k.name}", public_key = "${k.public_key}" }`).join(', ');
  return `[governance]\nurl = "${url}"\nthreshold = "2-of-3"\ntrusted_maintainers = [${keys}]\nvoters = ["voter", "nocap"]\npoll_interval = "200ms"\n`;
}

async function request(node: IsolatedNode, module: string, method: string, params: Record<string, unknown> = {}): Promise<{ result?: any; error?: string; message?: string }> {
  const r = await node.cli([module, 'request', method, JSON.stringify(params)]);
  if (r.exitCode !== 0) throw new Error(`blvm ${module} request ${method} exited ${r.exitCode}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

test('modules vote through the node with the right permissions, events reach a subscriber, and a queued vote survives a daemon SIGKILL (issue 16)', async (t) => {
  const serverDir = await mkdtemp(join(tmpdir(), 'blvm-gov-e2e-'));
  let server: GovernanceServer | undefined = await serveGovernance(serverDir, '127.0.0.1', 0, TRUST);
  const { url } = server;
  const port = Number(new URL(url).port);
  const node = await IsolatedNode.create({ start: false, inspector: true, extraConfig: governanceToml(url) });
  t.teardown(async () => {
    await node.destroy();
    await server?.close();
    await rm(serverDir, { recursive: true, force: true });
  });
  const source = `import ${JSON.stringify(FIXTURE)};`;
  await node.addModule('voter', manifest('voter', ['governance_vote', 'subscribe_events', 'register_cli']), source);
  await node.addModule('nocap', manifest('nocap', ['read_governance', 'register_cli']), source);
  await node.addModule('notlisted', manifest('notlisted', ['governance_vote', 'register_cli']), source);
  await node.addModule('blind', manifest('blind', ['register_cli']), source);
  const p = signedBy(proposal(), MAINTAINERS.alice, MAINTAINERS.bob);
  await new GovernanceClient(url).publish(p);
  await node.start();
  for (const name of ['voter', 'nocap', 'notlisted', 'blind']) await node.waitForPhase(name, 'monitoring');

  await waitUntil(async () => ((await request(node, 'nocap', 'governance.proposals', { status: 'open' })).result?.proposals ?? []).length === 1, { message: 'the proposal to reach read_governance module nocap' });
  const denied = await request(node, 'blind', 'governance.proposals');
  t.is(denied.error, 'permission_denied');
  t.regex(denied.message ?? '', /needs the capability "read_governance" or "governance_vote", and module blind holds neither/);

  const cast = await request(node, 'voter', 'governance.vote', { id: p.id, choice: 'yes', rationale: 'reviewed' });
  t.is(cast.result?.state, 'delivered', JSON.stringify(cast));
  const nodeKey = (await node.cli(['node', 'id'])).stdout.trim();
  t.is(cast.result?.vote.voter, nodeKey);
  const onServer = async () => (await new GovernanceClient(url).votes(p.id)).votes as { choice: string; voter: string }[];
  t.deepEqual((await onServer()).map((v) => [v.choice, v.voter]), [['yes', nodeKey]]);

  const noCapability = await request(node, 'nocap', 'governance.vote', { id: p.id, choice: 'no' });
  t.is(noCapability.error, 'permission_denied');
  t.regex(noCapability.message ?? '', /module nocap may not vote for this node: it lacks the capability "governance_vote"$/);
  const notListed = await request(node, 'notlisted', 'governance.vote', { id: p.id, choice: 'no' });
  t.is(notListed.error, 'permission_denied');
  t.regex(notListed.message ?? '', /module notlisted may not vote for this node: it lacks a place in \[governance\]\.voters/);

  await new GovernanceClient(url).publish(signedBy(proposal({ id: 'second' }), MAINTAINERS.bob, MAINTAINERS.carol));
  const seen = await waitUntil(async () => {
    const events = JSON.parse((await node.cli(['voter', 'seen'])).stdout) as { type: string; data: Record<string, unknown> }[];
    return events.some((e) => e.type === 'GovernanceProposal') ? events : undefined;
  }, { message: 'GovernanceProposal of a proposal published later to reach the subscribed module' });
  t.like(seen.find((e) => e.type === 'GovernanceProposal')?.data, { id: 'second', signers: ['dev-bob', 'dev-carol'] });
  t.like(seen.find((e) => e.type === 'GovernanceVoteCast')?.data, { proposal: p.id, choice: 'yes', cast_by: 'voter', voter: nodeKey });

  await server.close();
  server = undefined;
  const queued = await request(node, 'voter', 'governance.vote', { id: p.id, choice: 'no', rationale: 'changed my mind' });
  t.is(queued.result?.state, 'queued', JSON.stringify(queued));
  await node.killDaemon();
  server = await serveGovernance(serverDir, '127.0.0.1', port, TRUST);
  await node.start();
  const delivered = await waitUntil(async () => {
    const votes = await onServer();
    return votes.length === 2 ? votes : undefined;
  }, { message: 'the queued vote to reach the server after the daemon restart' });
  t.deepEqual(delivered.map((v) => v.choice), ['yes', 'no']);
  const listing = await node.control<{ votes: { state: string; vote: { choice: string } }[] }>('governance.list');
  t.deepEqual(listing.votes.map((v) => [v.vote.choice, v.state]), [['no', 'delivered'], ['yes', 'delivered']]);

  const inspector = await node.control<{ url: string }>('getinspectorinfo');
  const answer = await fetch(new URL('/api/governance', inspector.url));
  const panel = (await answer.json()) as { proposals: { id: string }[]; votes: { choice: string; state: string; cast_by: string }[] };
  t.is(answer.status, 200, JSON.stringify(panel));
  t.deepEqual(panel.proposals.map((p) => p.id).sort(), [p.id, 'second'].sort());
  t.deepEqual(panel.votes.map((v) => [v.choice, v.state, v.cast_by]), [['no', 'delivered', 'voter'], ['yes', 'delivered', 'voter']]);
});
