// Verification cache (issue 15): what skipping the signature math of unchanged modules saves.
// 50 modules signed 2-of-2 by trusted maintainers; per round, blvm start until every module is
// in `monitoring` with [security] signature_cache = false, then with a warm cache; and the
// verification alone (verifySnapshot of all 50, in-process, one after another) both ways.
// Prints the table with ratios cache / no-cache of the same run; asserts nothing.
// Run: npx tsx bench/verify-cache.ts   (BENCH_COLD_MODULES, BENCH_COLD_ROUNDS for quick runs)
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConfig } from '../src/config/parse-config.js';
import { generatePrivateKey, publicKeyOf } from '../src/trust/keys.js';
import { signModule } from '../src/trust/sign-module.js';
import { SnapshotStore } from '../src/trust/snapshot-store.js';
import { verifySnapshot } from '../src/trust/verified-snapshot.js';
import { attempt, type Attempt } from './peers-kit/attempt.js';
import { BlvmNode } from './peers-kit/blvm-node.js';
import { makeRunDir, withCleanup } from './peers-kit/cleanup.js';
import { waitMonitoringRows } from './peers-kit/store-query.js';
import { TRIVIAL_SOURCE } from './peers-kit/trivial-program.js';
import { percentile, printTable, ratio, writeSummary } from './stats.js';

const MODULES = Number(process.env.BENCH_COLD_MODULES ?? 50);
const ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 3);
const UP_TIMEOUT_MS = 120_000;
const alice = generatePrivateKey();
const bob = generatePrivateKey();

const security = (cache: boolean) =>
  [
    '[security]',
    'require_signatures = true',
    'signature_threshold = "2-of-2"',
    `trusted_maintainers = [ { name = "alice", public_key = "${publicKeyOf(alice)}" }, { name = "bob", public_key = "${publicKeyOf(bob)}" } ]`,
    `signature_cache = ${cache}`,
    '',
  ].join('\n');

/** Milliseconds from `blvm start` until the last module is in monitoring. */
async function coldStart(root: string, cache: boolean): Promise<number> {
  const node = await BlvmNode.create(root, '', security(cache));
  const startedAt = await node.start();
  try {
    await node.waitAnswering(UP_TIMEOUT_MS);
    await node.waitModules((ms) => ms.length === MODULES && ms.every((m) => m.phase === 'monitoring'), UP_TIMEOUT_MS, 250);
    return Math.max(...(await waitMonitoringRows(node.dataDir, startedAt, MODULES)).values()) - startedAt;
  } finally {
    await node.stop();
  }
}

/** Milliseconds to verify every module into its snapshot, in-process, one after another. */
async function verifyAll(root: string, cache: boolean): Promise<number> {
  const file = join(root, 'blvm.toml');
  const text = (await readFile(file, 'utf8')).replace(/signature_cache = (true|false)/, `signature_cache = ${cache}`);
  const config = parseConfig(text, file);
  const store = new SnapshotStore(join(config.node.data_dir, 'run', 'verified'));
  const startedAt = performance.now();
  for (let i = 0; i < MODULES; i++) {
    const { report } = await verifySnapshot(`m${i}`, join(config.modules.modules_dir, `m${i}`), config, store);
    if (!report.ok) throw new Error(`m${i} did not verify: ${report.problems.join('; ')}`);
  }
  return performance.now() - startedAt;
}

await withCleanup(async () => {
  const root = join(await makeRunDir('verify-cache'), 'node');
  const node = await BlvmNode.create(root, '', security(true));
  for (let i = 0; i < MODULES; i++) {
    await node.addModule(`m${i}`, TRIVIAL_SOURCE);
    for (const key of [alice, bob]) await signModule(join(root, 'modules', `m${i}`), key);
  }
  await coldStart(root, true); // fills the cache
  const samples = { start: { off: [] as number[], on: [] as number[] }, verify: { off: [] as number[], on: [] as number[] } };
  const measured: Attempt<void> = await attempt('verification cache', async () => {
    for (let r = 0; r < ROUNDS; r++) {
      samples.start.off.push(await coldStart(root, false));
      samples.start.on.push(await coldStart(root, true));
      samples.verify.off.push(await verifyAll(root, false));
      samples.verify.on.push(await verifyAll(root, true));
    }
  });
  const med = (xs: number[]) => Math.round(percentile(xs, 50));
  const rows = measured.ok
    ? [
        { measured: `blvm start → all ${MODULES} monitoring`, 'no cache ms': med(samples.start.off), 'cache ms': med(samples.start.on), 'cache / no cache': ratio(med(samples.start.on), med(samples.start.off)) },
        { measured: `verification of ${MODULES} modules alone`, 'no cache ms': med(samples.verify.off), 'cache ms': med(samples.verify.on), 'cache / no cache': ratio(med(samples.verify.on), med(samples.verify.off)) },
      ]
    : [{ measured: 'verification cache', 'no cache ms': `failed: ${measured.error}` }];
  printTable(`verification cache, ${MODULES} modules signed 2-of-2 (median over ${ROUNDS} rounds)`, rows);
  console.log('ratios: with a warm cache divided by signature_cache = false in the same run (below 1 = the cache saves time)');
  await writeSummary('verify-cache', [
    { metric: `cold start of ${MODULES} signed, cache / no cache`, value: measured.ok ? ratio(med(samples.start.on), med(samples.start.off)) : 'failed' },
    { metric: `verification of ${MODULES} signed, cache / no cache`, value: measured.ok ? ratio(med(samples.verify.on), med(samples.verify.off)) : 'failed' },
  ]);
});
