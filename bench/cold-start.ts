// Cold start: `blvm start` with 50 modules until every one is in `monitoring` (ready), against
// 50 raw parallel spawns of the same trivial program until each has connected. Median over a
// few rounds; prints the table with ratios against the raw spawns; asserts nothing.
// Run: npx tsx bench/cold-start.ts   (BENCH_COLD_MODULES, BENCH_COLD_ROUNDS for quick runs)
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { attempt, type Attempt } from './peers-kit/attempt.js';
import { BlvmNode } from './peers-kit/blvm-node.js';
import { makeRunDir, withCleanup } from './peers-kit/cleanup.js';
import { ConnectServer } from './peers-kit/connect-server.js';
import { waitMonitoringRows } from './peers-kit/store-query.js';
import { TRIVIAL_SOURCE, writeTrivialProgram } from './peers-kit/trivial-program.js';
import { goalRow, meets, percentile, printTable, ratio, writeSummary } from './stats.js';

const MODULES = Number(process.env.BENCH_COLD_MODULES ?? 50);
const ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 3);
const UP_TIMEOUT_MS = 120_000;

/** Milliseconds from the start to each program being up, one round. */
type Round = number[];

async function rawRound(dir: string, program: string, round: number): Promise<Round> {
  const socketPath = join(dir, `raw-${round}.sock`);
  const server = await ConnectServer.listen(socketPath);
  const children: ChildProcess[] = [];
  try {
    const startedAt = Date.now();
    for (let i = 0; i < MODULES; i++) {
      children.push(spawn(process.execPath, [program], { stdio: 'ignore', env: { ...process.env, BENCH_SOCKET: socketPath } }));
    }
    const connections = await server.waitForDistinct(MODULES, startedAt, UP_TIMEOUT_MS);
    return connections.map((c) => c.at - startedAt);
  } finally {
    const exits = children.filter((c) => c.exitCode === null).map((c) => new Promise((resolve) => c.once('exit', resolve)));
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(exits);
    await server.close();
  }
}

async function blvmRound(root: string): Promise<Round> {
  const node = await BlvmNode.create(root);
  for (let i = 0; i < MODULES; i++) await node.addModule(`m${i}`, TRIVIAL_SOURCE);
  const startedAt = await node.start();
  try {
    await node.waitAnswering(UP_TIMEOUT_MS);
    await node.waitModules((ms) => ms.length === MODULES && ms.every((m) => m.phase === 'monitoring'), UP_TIMEOUT_MS, 250);
    return [...(await waitMonitoringRows(node.dataDir, startedAt, MODULES)).values()].map((at) => at - startedAt);
  } finally {
    await node.stop();
  }
}

async function rounds(what: string, run: (round: number) => Promise<Round>): Promise<Attempt<Round[]>> {
  return attempt(what, async () => {
    const all: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) all.push(await run(i));
    return all;
  });
}

await withCleanup(async () => {
  const dir = await makeRunDir('cold');
  const program = await writeTrivialProgram(dir);
  const raw = await rounds('raw spawns', (i) => rawRound(dir, program, i));
  const blvm = await rounds('blvm', (i) => blvmRound(join(dir, `blvm-${i}`)));
  // Per round: the last program up (the figure that matters), the first, and the median one.
  const figure = (r: Attempt<Round[]>, pick: (round: Round) => number) => (r.ok ? percentile(r.value.map(pick), 50) : NaN);
  const allUp = (r: Attempt<Round[]>) => figure(r, (round) => Math.max(...round));
  const row = (name: string, measured: string, r: Attempt<Round[]>): Record<string, string | number> =>
    r.ok
      ? {
          run: name,
          measured,
          'all up ms': allUp(r),
          'first up ms': figure(r, (round) => Math.min(...round)),
          'median program ms': figure(r, (round) => percentile(round, 50)),
          rounds: r.value.length,
          'all up vs raw': ratio(allUp(r), allUp(raw)),
        }
      : { run: name, measured, 'all up ms': `failed: ${r.error}` };
  printTable(`cold start of ${MODULES} programs (median over ${ROUNDS} rounds)`, [
    row(`${MODULES} raw parallel spawns`, 'spawn → connected', raw),
    row('blvm', 'blvm start → all monitoring', blvm),
  ]);
  console.log('ratios: that row divided by the raw spawns (above 1 = slower than spawning the programs bare)');
  console.log("blvm figures come from the daemon's own transition timestamps; blvm runs its defaults, modules unsigned (require_signatures = false)");
  await writeSummary('cold-start', [
    goalRow(`cold start of ${MODULES} modules / ${MODULES} raw parallel spawns`, ratio(allUp(blvm), allUp(raw)), '≤ 1.30x', meets([allUp(blvm), allUp(raw)], (b, r) => b / r <= 1.3)),
    { metric: `cold start of ${MODULES}, blvm (ms)`, value: blvm.ok ? String(allUp(blvm)) : 'failed' },
    { metric: `cold start of ${MODULES}, raw spawns (ms)`, value: raw.ok ? String(allUp(raw)) : 'failed' },
    { metric: `cold start of ${MODULES}, blvm / raw spawns`, value: ratio(allUp(blvm), allUp(raw)) },
  ]);
});
