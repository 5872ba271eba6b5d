import { join } from 'node:path';
import test from 'ava';
import type { ChainTip, DecodedBlockView, HeaderView, ReorgSummary, TxView } from '../../src/chain/chain-views.js';
import { toDisplayHex } from '../../src/chain/hash.js';
import { regtestParams } from '../../src/chain/params.js';
import type { IsolatedNode } from '../../src/testing/isolated-node.js';
import { sleep } from '../../src/testing/isolated-node.js';
import { auditChainFile } from '../chain/helpers/audit-chain-file.js';
import { chainNode, cliJson } from '../fixtures/chain/chain-node.js';

const GENESIS = toDisplayHex(regtestParams.genesisHash);
const CHAIN_TYPES = ['--type', 'NewBlock', '--type', 'BlockDisconnected', '--type', 'ChainReorg'];

interface LoggedEvent {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

/** The chain events in the node's event log, as "NewBlock 3", "ChainReorg 5>2 depth 3", …, polled until `count` are there. */
async function chainTrace(node: IsolatedNode, count: number): Promise<string[]> {
  let trace: string[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    const result = await node.cli(['events', ...CHAIN_TYPES, '-n', '1000', '--json']);
    const events = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as LoggedEvent);
    trace = events.map((e) => (e.type === 'ChainReorg' ? `ChainReorg ${e.data.old_height}>${e.data.new_height} depth ${e.data.depth}` : `${e.type} ${e.data.height}`));
    if (trace.length >= count) return trace;
    await sleep(100);
  }
  return trace;
}

test('a fresh regtest node starts at the genesis, and chain generate 10 connects ten blocks the CLI can show', async (t) => {
  const node = await chainNode(t);
  const start = await cliJson<ChainTip>(node, ['chain', 'tip']);
  t.like(start, { height: 0, hash: GENESIS });

  const generated = await cliJson<{ hashes: string[]; tip: ChainTip }>(node, ['chain', 'generate', '10']);
  t.is(generated.hashes.length, 10);
  t.like(generated.tip, { height: 10, hash: generated.hashes[9] });

  const header = await cliJson<HeaderView>(node, ['chain', 'header', '5']);
  t.like(header, { height: 5, hash: generated.hashes[4], prev_hash: generated.hashes[3], in_best_chain: true, confirmations: 6 });
  const block = await cliJson<DecodedBlockView>(node, ['chain', 'block', generated.hashes[9]]);
  t.is(block.tx.length, 1);
  const tx = await cliJson<TxView>(node, ['chain', 'tx', block.tx[0].txid]);
  t.like(tx, { block_hash: generated.hashes[9], height: 10, position: 0 });
  const hex = await node.cli(['chain', 'block', '10', '--hex']);
  t.regex(hex.stdout, /^00000020[0-9a-f]+$/, 'version 0x20000000, little-endian');
  const text = await node.cli(['chain', 'tip']);
  t.regex(text.stdout, new RegExp(`hash\\s+${generated.hashes[9]}`));

  t.deepEqual(await chainTrace(node, 10), Array.from({ length: 10 }, (_, i) => `NewBlock ${i + 1}`));
});

test('an invalidate/reconsider cycle publishes disconnects, connects and reorgs in order through the event bus', async (t) => {
  const node = await chainNode(t);
  const main = (await cliJson<{ hashes: string[] }>(node, ['chain', 'generate', '5'])).hashes;

  const invalidated = await cliJson<ReorgSummary>(node, ['chain', 'invalidate', main[2]]);
  t.like(invalidated, { changed: 3, disconnected: [main[4], main[3], main[2]] });
  t.is(invalidated.tip.height, 2);
  const side = (await cliJson<{ hashes: string[] }>(node, ['chain', 'generate', '2'])).hashes;
  const reconsidered = await cliJson<ReorgSummary>(node, ['chain', 'reconsider', main[2]]);
  t.like(reconsidered, { disconnected: [side[1], side[0]], connected: main.slice(2) });
  t.is((await cliJson<ChainTip>(node, ['chain', 'tip'])).hash, main[4]);

  const expected = [
    ...[1, 2, 3, 4, 5].map((h) => `NewBlock ${h}`),
    'BlockDisconnected 5',
    'BlockDisconnected 4',
    'BlockDisconnected 3',
    'ChainReorg 5>2 depth 3',
    'NewBlock 3',
    'NewBlock 4',
    'BlockDisconnected 4',
    'BlockDisconnected 3',
    'NewBlock 3',
    'NewBlock 4',
    'NewBlock 5',
    'ChainReorg 4>5 depth 2',
  ];
  t.deepEqual(await chainTrace(node, expected.length), expected);
});

test('unknown blocks exit 1 naming them, malformed arguments exit 2 with the usage', async (t) => {
  const node = await chainNode(t);
  const unknown = '00ab'.repeat(16);
  const header = await node.cli(['chain', 'header', unknown]);
  t.is(header.exitCode, 1);
  t.is(header.stderr, `blvm: no block ${unknown} in the chain store`);
  const height = await node.cli(['chain', 'block', '7']);
  t.is(height.exitCode, 1);
  t.regex(height.stderr, /no block at height 7 on the best chain \(tip height 0\)/);
  const tx = await node.cli(['chain', 'tx', unknown]);
  t.is(tx.exitCode, 1);
  t.regex(tx.stderr, new RegExp(`no transaction ${unknown}`));
  const invalidate = await node.cli(['chain', 'invalidate', unknown]);
  t.is(invalidate.exitCode, 1);

  for (const args of [['chain', 'header'], ['chain', 'header', 'nothex'], ['chain', 'generate', 'ten'], ['chain', 'invalidate', '12'], ['chain', 'tip', 'extra']]) {
    const result = await node.cli(args);
    t.is(result.exitCode, 2, `blvm ${args.join(' ')}: ${result.stderr}`);
  }
  const genesis = await node.cli(['chain', 'invalidate', GENESIS]);
  t.is(genesis.exitCode, 2);
  t.regex(genesis.stderr, /genesis block, which cannot be invalidated/);
});

test('the chain survives a graceful restart and a SIGKILL of the daemon', async (t) => {
  const node = await chainNode(t);
  await cliJson(node, ['chain', 'generate', '5']);
  t.is(await node.stop(), 0);
  await node.start();
  const afterStop = await cliJson<ChainTip>(node, ['chain', 'tip']);
  t.is(afterStop.height, 5);

  const more = (await cliJson<{ hashes: string[] }>(node, ['chain', 'generate', '3'])).hashes;
  await node.killDaemon();
  await node.start();
  const afterKill = await cliJson<ChainTip>(node, ['chain', 'tip']);
  t.like(afterKill, { height: 8, hash: more[2] });
  const coinbase = (await cliJson<DecodedBlockView>(node, ['chain', 'block', '8'])).tx[0].txid;
  t.is((await cliJson<TxView>(node, ['chain', 'tx', coinbase])).height, 8);
});

test('a daemon SIGKILLed in the middle of a long generate restarts on a consistent chain store', async (t) => {
  const node = await chainNode(t);
  const generating = node.cli(['chain', 'generate', '3000'], { timeoutMs: 120_000 });
  let height = 0;
  while (height < 100) {
    await sleep(50);
    height = (await cliJson<ChainTip>(node, ['chain', 'tip'])).height;
  }
  await node.killDaemon();
  t.is((await generating).exitCode, 1, 'the generate call loses its daemon');
  const audit = await auditChainFile(join(node.dataDir, 'chain.sqlite'));
  t.deepEqual(audit.problems, []);
  t.true(audit.height >= 100 && audit.height < 3000);
  await node.start();
  t.like(await cliJson<ChainTip>(node, ['chain', 'tip']), { hash: audit.tip, height: audit.height });
});
