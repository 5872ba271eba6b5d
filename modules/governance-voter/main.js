#!/usr/bin/env node
// governance-voter: votes for this node on module-approval proposals by the policy in its
// config (approve / reject / otherwise) and keeps every decision with its reason in
// decisions.json; `blvm governance-voter votes` shows them. The node must list the module
// in [governance].voters.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, governanceApi, onGovernanceEvent, subscribeGovernanceEvents } from 'blvm/sdk';
import { decide } from './policy.js';

const client = await connect();
const config = await client.config();
const policy = { approve: config.approve ?? [], reject: config.reject ?? [], otherwise: config.otherwise ?? '' };
const gov = governanceApi(client);
const file = join(process.env.BLVM_DATA_DIR ?? '.', 'decisions.json');
const decisions = JSON.parse(await readFile(file, 'utf8').catch(() => '{}'));

async function save() {
  await writeFile(`${file}.tmp`, JSON.stringify(decisions, null, 2));
  await rename(`${file}.tmp`, file);
}

// One decision per proposal: a proposal already decided (voted or skipped) is left alone; a
// vote that failed (e.g. the module is not yet in [governance].voters) is tried again on start.
async function consider(proposal) {
  if ((decisions[proposal.id] && decisions[proposal.id].state !== 'failed') || proposal.status === 'closed') return;
  const { choice, reason } = decide(proposal, policy);
  const entry = { proposal: proposal.id, title: proposal.title, choice, reason, at: new Date().toISOString() };
  if (choice !== null) {
    try {
      const cast = await gov.vote(proposal.id, choice, reason);
      Object.assign(entry, { state: cast.state, hash: cast.hash });
    } catch (error) {
      Object.assign(entry, { state: 'failed', error: `${error.code}: ${error.message}` });
    }
  }
  decisions[proposal.id] = entry;
  await save();
  client.log('info', choice === null ? `not voting on ${proposal.id}: ${reason}` : `voted ${choice} on ${proposal.id} (${entry.state}): ${reason}`);
}

await client.registerCli({
  name: 'governance-voter',
  about: 'what this node voted on governance proposals, and why',
  commands: [
    {
      name: 'votes',
      about: 'every decision: proposal, choice, delivery and reason',
      run: async ({ stdout }) => {
        const entries = Object.values(decisions);
        if (entries.length === 0) stdout('no decisions yet\n');
        for (const e of entries) stdout(`${e.proposal}: ${e.choice ?? 'no vote'}${e.state ? ` (${e.state})` : ''} because ${e.reason}${e.error ? `; ${e.error}` : ''}\n`);
      },
    },
    { name: 'policy', about: 'the voting policy in effect', run: async ({ stdout }) => stdout(`${JSON.stringify(policy)}\n`) },
  ],
});
let queue = Promise.resolve();
const later = (work) => (queue = queue.then(work).catch((error) => client.log('warn', `governance-voter: ${error.message}`)));
onGovernanceEvent(client, (event) => {
  if (event.type === 'GovernanceProposal') later(async () => consider((await gov.proposal(event.data.id)).proposal));
});
await subscribeGovernanceEvents(client);
await client.ready();
for (const proposal of await gov.proposals('open')) later(() => consider(proposal));
