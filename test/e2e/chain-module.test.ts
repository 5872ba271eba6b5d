import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import type { ChainTip, HeaderView } from '../../src/chain/chain-views.js';
import { sleep } from '../../src/testing/isolated-node.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { chainNode, cliJson, FOLLOWER_SOURCE, waitForJson } from '../fixtures/chain/chain-node.js';

interface FollowerState {
  lastSeq: number;
  chain: string[];
  trace: string[];
  problems: string[];
  starts: number;
  lastReorgNodeTip?: string;
}

const follower = { capabilities: ['subscribe_events', 'read_chain_state', 'read_blockchain'], source: `import ${JSON.stringify(FOLLOWER_SOURCE)};` };

// A module that calls the chain API and writes each outcome (result or error code) to api.json.
const API_PROBE = `
const sdk = await import(${JSON.stringify(new URL('../../dist/src/sdk/index.js', import.meta.url).href)});
const { writeFileSync } = await import('node:fs');
const client = await sdk.connect();
await client.ready();
const outcome = (p) => p.then((value) => ({ ok: value }), (error) => ({ code: error.code, message: error.message }));
const chain = sdk.chainApi(client);
const results = {
  tip: await outcome(chain.tip()),
  height: await outcome(chain.height()),
  info: await outcome(chain.info()),
  block: await outcome(chain.block(0)),
  unknown: await outcome(client.request('chain.header', { hash: 'ab'.repeat(32) })),
  badParams: await outcome(client.request('chain.blockHash', { height: -1 })),
  badFormat: await outcome(client.request('chain.block', { height: 0, format: 'xml' })),
};
writeFileSync(process.env.BLVM_DATA_DIR + '/work/api.json', JSON.stringify(results));
setInterval(() => {}, 60_000);
`;

test('chain generate 10 publishes ten NewBlock events that a subscribed module receives in order', async (t) => {
  const node = await chainNode(t, { modules: { follower } });
  await node.waitForPhase('follower', 'monitoring');
  const { hashes } = await cliJson<{ hashes: string[] }>(node, ['chain', 'generate', '10']);
  const state = await waitForJson<FollowerState>(join(node.dataDir, 'modules', 'follower', 'work', 'follower.json'), (s) => s.chain.length === 11);
  t.deepEqual(state.trace, Array.from({ length: 10 }, (_, i) => `NewBlock ${i + 1}`));
  t.deepEqual(state.chain.slice(1), hashes);
  t.deepEqual(state.problems, []);
});

test('a module follows the chain through a reorg via its durable subscription, across its own crash, and ends at the node tip', async (t) => {
  const node = await chainNode(t, { modules: { follower } });
  await node.waitForPhase('follower', 'monitoring');
  const stateFile = join(node.dataDir, 'modules', 'follower', 'work', 'follower.json');
  const main = (await cliJson<{ hashes: string[] }>(node, ['chain', 'generate', '5'])).hashes;
  await waitForJson<FollowerState>(stateFile, (s) => s.chain.length === 6);

  const pid = (await node.module('follower')).pid as number;
  process.kill(pid, 'SIGKILL');
  await cliJson(node, ['chain', 'invalidate', main[2]]);
  await cliJson(node, ['chain', 'generate', '4']);
  await node.waitFor('follower', (m) => m.phase === 'monitoring' && m.pid !== pid);

  const tip = await cliJson<ChainTip>(node, ['chain', 'tip']);
  t.is(tip.height, 6);
  const state = await waitForJson<FollowerState>(stateFile, (s) => s.chain[s.chain.length - 1] === tip.hash);
  t.deepEqual(state.problems, []);
  t.is(state.starts, 2);
  t.deepEqual(state.trace, [
    ...[1, 2, 3, 4, 5].map((h) => `NewBlock ${h}`),
    'BlockDisconnected 5',
    'BlockDisconnected 4',
    'BlockDisconnected 3',
    'ChainReorg 5>2 depth 3',
    'NewBlock 3',
    'NewBlock 4',
    'NewBlock 5',
    'NewBlock 6',
  ]);
  for (let h = 0; h <= 6; h++) t.is(state.chain[h], (await cliJson<HeaderView>(node, ['chain', 'header', String(h)])).hash, `height ${h}`);
});

test('the chain API answers with the capabilities a module holds, not_found for unknown blocks and invalid_request for bad parameters', async (t) => {
  const node = await chainNode(t, {
    modules: {
      'state-only': { capabilities: ['read_chain_state'], source: API_PROBE },
      'full-reader': { capabilities: ['read_chain_state', 'read_blockchain'], source: API_PROBE },
    },
  });
  type Outcome = { ok?: unknown; code?: string; message?: string };
  const read = (name: string) => waitForJson<Record<string, Outcome>>(join(node.dataDir, 'modules', name, 'work', 'api.json'), () => true);
  const stateOnly = await read('state-only');
  t.like(stateOnly.tip, { ok: { height: 0 } });
  t.is(stateOnly.height.ok, 0);
  t.like(stateOnly.info, { ok: { network: 'regtest' } });
  t.is(stateOnly.block.code, 'permission_denied');
  t.regex(stateOnly.block.message ?? '', /read_blockchain/);

  const full = await read('full-reader');
  t.like(full.block, { ok: { height: 0 } });
  t.is((full.block.ok as { tx: unknown[] }).tx.length, 1);
  t.is(full.unknown.code, 'not_found');
  t.regex(full.unknown.message ?? '', /no block abab/);
  t.is(full.badParams.code, 'invalid_request');
  t.regex(full.badParams.message ?? '', /params\.height/);
  t.is(full.badFormat.code, 'invalid_request');
});

test('chain generate 10 publishes ten NewBlock events that the bundled event-journal module records', async (t) => {
  const node = await chainNode(t, { start: false });
  await symlink(join(PACKAGE_ROOT, 'modules', 'event-journal'), join(node.modulesDir, 'event-journal'), 'dir');
  await node.start();
  await node.waitForPhase('event-journal', 'monitoring');
  const { hashes } = await cliJson<{ hashes: string[] }>(node, ['chain', 'generate', '10']);
  let entries: { type: string; data: { hash: string; height: number } }[] = [];
  for (let attempt = 0; attempt < 100 && entries.length < 10; attempt++) {
    const tail = await node.cli(['journal', 'tail', '--type', 'NewBlock', '-n', '20', '--json']);
    entries = tail.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    if (entries.length < 10) await sleep(100);
  }
  t.deepEqual(entries.map((e) => e.data.height), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  t.deepEqual(entries.map((e) => e.data.hash), hashes);
});
