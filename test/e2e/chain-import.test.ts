import type { BlockImportReport, ChainInfo, HeaderImportReport, HeaderView } from '../../src/chain/chain-views.js';
import { field, fixturePath as fixture, fixtureTest } from '../chain/helpers/fixtures.js';
import { chainNode, cliJson } from '../fixtures/chain/chain-node.js';

const LAST_OF_RUN = field('headers/mainnet-0-9999.bin', 'last_hash');

fixtureTest('a mainnet node imports headers 0..9999 validating every one, and block 1 then connects on its genesis', async (t) => {
  const node = await chainNode(t, { network: 'mainnet' });
  const headers = await node.cli(['chain', 'import', fixture('headers/mainnet-0-9999.bin'), '--json']);
  t.is(headers.exitCode, 0, headers.stderr);
  t.is(headers.stderr, '', 'no progress bar when stderr is not a terminal');
  const report = JSON.parse(headers.stdout) as HeaderImportReport;
  t.like(report, { kind: 'headers', count: 10_000, validated: 10_000, added: 9_999, known: 1, complete: true, rejected: null, last_height: 9_999 });
  t.is(report.best_header.hash, LAST_OF_RUN);

  const info = await cliJson<ChainInfo>(node, ['chain', 'info']);
  t.like(info, { network: 'mainnet', headers: 10_000, blocks: 1 });
  t.is(info.tip.height, 0);
  t.like(info.best_header, { height: 9_999, hash: LAST_OF_RUN });
  t.like(await cliJson<HeaderView>(node, ['chain', 'header', LAST_OF_RUN]), { height: 9_999, has_block: false, in_best_chain: false });

  const block = await node.cli(['chain', 'import', fixture('blocks/1.bin')]);
  t.is(block.exitCode, 0, block.stderr);
  t.regex(block.stdout, /block 00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048 at height 1: connected to the best chain/);
  t.is((await cliJson<ChainInfo>(node, ['chain', 'info'])).tip.height, 1);

  const generate = await node.cli(['chain', 'generate', '1']);
  t.is(generate.exitCode, 2);
  t.regex(generate.stderr, /regtest blocks only, and this node's network is mainnet/);
});

fixtureTest('importing a header run with a broken link exits 1 naming the first bad header and keeps the ones before it', async (t) => {
  const node = await chainNode(t, { network: 'mainnet' });
  const result = await node.cli(['chain', 'import', fixture('headers/mainnet-0-2015.corrupt-prevlink.bin'), '--json']);
  t.is(result.exitCode, 1);
  t.regex(result.stderr, /header 1000 of the run [0-9a-f]{64} \(height 1000\) was rejected/);
  const report = JSON.parse(result.stdout) as HeaderImportReport;
  t.is(report.validated, 1000);
  t.is((await cliJson<ChainInfo>(node, ['chain', 'info'])).best_header.height, 999);
});

fixtureTest('a regtest node refuses mainnet data, saying which network it belongs to', async (t) => {
  const node = await chainNode(t);
  const result = await node.cli(['chain', 'import', fixture('blocks/1.bin'), '--json']);
  t.is(result.exitCode, 1);
  const report = JSON.parse(result.stdout) as BlockImportReport;
  t.is(report.outcome, 'rejected');
  t.regex(result.stderr, /its parent is the mainnet genesis block, and this node's network is regtest/);
  const missing = await node.cli(['chain', 'import', fixture('no-such-file.bin')]);
  t.is(missing.exitCode, 2);
  t.regex(missing.stderr, /cannot read .*no-such-file\.bin/);
});
