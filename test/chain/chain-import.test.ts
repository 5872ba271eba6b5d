import { importChainFile } from '../../src/chain/chain-import.js';
import type { ImportProgress } from '../../src/chain/chain-store.js';
import type { BlockImportReport, HeaderImportReport } from '../../src/chain/chain-views.js';
import { mainnetParams } from '../../src/chain/params.js';
import { field, fixturePath, fixtureTest } from './helpers/fixtures.js';
import { eventTrace, openTestChain } from './helpers/chain-store.js';

const HEADERS_0_9999 = 'headers/mainnet-0-9999.bin';

fixtureTest('importing mainnet headers 0..9999 validates every header with full context and reports progress', async (t) => {
  const chain = await openTestChain(t, mainnetParams);
  const progress: ImportProgress[] = [];
  const report = (await importChainFile(chain.store, fixturePath(HEADERS_0_9999), (p) => progress.push(p))) as HeaderImportReport;
  t.like(report, { kind: 'headers', count: 10_000, validated: 10_000, added: 9_999, known: 1, complete: true, rejected: null, first_height: 0, last_height: 9_999 });
  t.is(report.best_header.hash, field(HEADERS_0_9999, 'last_hash'));
  t.is(report.best_header.chainwork, (0x271027102710n).toString(16).padStart(64, '0'));
  t.is(report.tip.height, 0, 'the block tip stays at genesis: only headers were imported');
  t.deepEqual(progress.at(-1), { done: 10_000, total: 10_000 });
  t.true(progress.length > 1);
  t.deepEqual(chain.events, []);
  const header = await chain.store.header({ hash: field(HEADERS_0_9999, 'last_hash') });
  t.like(header, { height: 9_999, has_block: false, in_best_chain: false, status: 'valid' });
});

fixtureTest('importing the same header run again validates it all and adds nothing', async (t) => {
  const chain = await openTestChain(t, mainnetParams);
  await importChainFile(chain.store, fixturePath(HEADERS_0_9999));
  const again = (await importChainFile(chain.store, fixturePath(HEADERS_0_9999))) as HeaderImportReport;
  t.like(again, { validated: 10_000, added: 0, known: 10_000, rejected: null });
});

fixtureTest('a header run with a broken link keeps the headers before it and names the first bad one', async (t) => {
  const chain = await openTestChain(t, mainnetParams);
  const report = (await importChainFile(chain.store, fixturePath('headers/mainnet-0-2015.corrupt-prevlink.bin'))) as HeaderImportReport;
  t.is(report.validated, 1000);
  t.is(report.last_height, 999);
  t.like(report.rejected, { index: 1000, height: 1000 });
  t.deepEqual(report.rejected?.codes, ['prev-blk-not-found']);
  t.regex(report.rejected?.problems.join('\n') ?? '', /does not link to the header before it in the run \(height 999\)/);
  t.is(chain.store.info().headers, 1000);
});

fixtureTest('a header run that starts mid-chain is refused at its first header for an unknown parent', async (t) => {
  const chain = await openTestChain(t, mainnetParams);
  const report = (await importChainFile(chain.store, fixturePath('headers/mainnet-30000-39999.bin'))) as HeaderImportReport;
  t.is(report.validated, 0);
  t.deepEqual(report.rejected?.codes, ['prev-blk-not-found']);
  t.regex(report.rejected?.problems[0] ?? '', /is not in the chain store/);
});

fixtureTest('mainnet block 1 connects on the genesis and publishes NewBlock; block 170 waits for the blocks between', async (t) => {
  const chain = await openTestChain(t, mainnetParams);
  const one = (await importChainFile(chain.store, fixturePath('blocks/1.bin'))) as BlockImportReport;
  t.like(one, { kind: 'block', outcome: 'connected', height: 1, hash: field('blocks/1.bin', 'block_hash') });
  t.deepEqual(eventTrace(chain.events), ['NewBlock 1']);

  const orphan = (await importChainFile(chain.store, fixturePath('blocks/170.bin'))) as BlockImportReport;
  t.is(orphan.outcome, 'rejected');
  t.deepEqual(orphan.rejected?.codes, ['prev-blk-not-found']);

  await importChainFile(chain.store, fixturePath(HEADERS_0_9999));
  const stored = (await importChainFile(chain.store, fixturePath('blocks/170.bin'))) as BlockImportReport;
  t.like(stored, { outcome: 'stored', height: 170 });
  t.is(chain.store.height(), 1);
  t.is(stored.hash, field('blocks/170.bin', 'block_hash'));
  const decoded = await chain.store.block({ hash: stored.hash }, 'decoded');
  t.regex(decoded.tx[1].txid, /^f4184fc5.*9e16$/);
  await t.throwsAsync(chain.store.transaction(decoded.tx[1].txid), { message: /no transaction/ }, 'block 170 is off the best chain, so unindexed');
  t.is(((await importChainFile(chain.store, fixturePath('blocks/1.bin'))) as BlockImportReport).outcome, 'known');
});

fixtureTest('a corrupted copy of block 170 is refused and does not spoil the real block', async (t) => {
  const chain = await openTestChain(t, mainnetParams);
  await importChainFile(chain.store, fixturePath(HEADERS_0_9999));
  const bad = (await importChainFile(chain.store, fixturePath('blocks/170.corrupt-txbyte.bin'))) as BlockImportReport;
  t.is(bad.outcome, 'rejected');
  t.deepEqual(bad.rejected?.codes, ['bad-txnmrklroot']);
  const good = (await importChainFile(chain.store, fixturePath('blocks/170.bin'))) as BlockImportReport;
  t.is(good.outcome, 'stored');
  t.is((await chain.store.header({ height: 0 })).height, 0);
});

fixtureTest('a file that is neither a block nor a header run is a protocol error naming the file', async (t) => {
  const chain = await openTestChain(t, mainnetParams);
  const file = fixturePath('index.json');
  const error = await t.throwsAsync(importChainFile(chain.store, file));
  t.is((error as { code?: string }).code, 'protocol');
  t.true(error?.message.startsWith(`${file} is neither a block nor a run of 80-byte headers`));
  const missing = await t.throwsAsync(importChainFile(chain.store, fixturePath('no-such-file.bin')));
  t.is((missing as { code?: string }).code, 'usage');
});

fixtureTest('data of another network is refused with a hint naming that network', async (t) => {
  const chain = await openTestChain(t);
  const block = (await importChainFile(chain.store, fixturePath('blocks/1.bin'))) as BlockImportReport;
  t.is(block.outcome, 'rejected');
  t.true(block.rejected?.problems.includes("its parent is the mainnet genesis block, and this node's network is regtest"));
  const run = (await importChainFile(chain.store, fixturePath(HEADERS_0_9999))) as HeaderImportReport;
  t.true(run.rejected?.problems.includes("it is the mainnet genesis block, and this node's network is regtest"));
});
