// Cold start: `blvm start` with 50 modules until every one is in `monitoring` (ready), against
// 50 raw parallel spawns of the same trivial program until each has connected. The two run in
// interleaved rounds (the order alternating) so both see the same machine; medians per side;
// prints the table with ratios against the raw spawns; asserts nothing.
// Run: npx tsx bench/cold-start.ts   (BENCH_COLD_MODULES, BENCH_COLD_ROUNDS for quick runs)
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { attempt } from './peers-kit/attempt.js';
import { BlvmNode } from './peers-kit/blvm-node.js';
import { makeRunDir, withCleanup } from './peers-kit/cleanup.js';
import { ConnectServer } from './peers-kit/connect-server.js';
import { waitMonitoringRows } from './peers-kit/store-query.js';
import { TRIVIAL_SOURCE, writeTrivialProgram } from './peers-kit/trivial-program.js';
import { figure as fig, goalRow, interleavedRounds, median, meets, percentile, printTable, ratio, roundOrder, writeSummary } from './stats.js';

const MODULES = Number(process.env.BENCH_COLD_MODULES ?? 50);
const ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 5);
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

type Side = 'raw' | 'blvm';
const SIDES: readonly Side[] = ['raw', 'blvm'];

/** One round of a side, or null once that side has failed (its error is kept; the other side goes on). */
async function sideRound(side: Side, round: number, dir: string, program: string, errors: Partial<Record<Side, string>>): Promise<Round | null> {
  if (errors[side] !== undefined) return null;
  const result = await attempt(side === 'raw' ? 'raw spawns' : 'blvm', () => (side === 'raw' ? rawRound(dir, program, round) : blvmRound(join(dir, `blvm-${round}`))));
  if (!result.ok) errors[side] = result.error;
  return result.ok ? result.value : null;
}

await withCleanup(async () => {
  const dir = await makeRunDir('cold');
  const program = await writeTrivialProgram(dir);
  const errors: Partial<Record<Side, string>> = {};
  // Rounds alternate the two sides (raw first, then blvm first, ...) so that both see the same machine.
  const rounds = await interleavedRounds(SIDES, ROUNDS, (side, round) => sideRound(side, round, dir, program, errors));
  const done = (side: Side): Round[] => (errors[side] === undefined ? (rounds[side] as Round[]) : []);
  const last = (round: Round): number => Math.max(...round);
  // Per side, the median over its rounds of: the last program up (the figure that matters), the first, and the median one.
  const figure = (side: Side, pick: (round: Round) => number) => median(done(side).map(pick));
  const allUp = (side: Side) => figure(side, last);
  const row = (side: Side, name: string, measured: string): Record<string, string | number> =>
    errors[side] === undefined
      ? {
          run: name,
          measured,
          'all up ms': allUp(side),
          'all up p90 ms': percentile(done(side).map(last), 90),
          'first up ms': figure(side, (round) => Math.min(...round)),
          'median program ms': figure(side, (round) => median(round)),
          rounds: done(side).length,
          'all up vs raw': ratio(allUp(side), allUp('raw')),
        }
      : { run: name, measured, 'all up ms': `failed: ${errors[side]}` };
  printTable(`cold start of ${MODULES} programs, ${ROUNDS} interleaved rounds (medians per side)`, [
    row('raw', `${MODULES} raw parallel spawns`, 'spawn → connected'),
    row('blvm', 'blvm', 'blvm start → all monitoring'),
  ]);
  const [raw, blvm] = [done('raw'), done('blvm')];
  if (raw.length > 0 && blvm.length > 0) {
    printTable(
      'all up per round (ms)',
      raw.map((r, i) => ({ round: i + 1, 'run first': roundOrder(SIDES, i)[0], raw: last(r), blvm: last(blvm[i]), 'blvm / raw': ratio(last(blvm[i]), last(r)) })),
    );
  }
  console.log('ratios: that row divided by the raw spawns (above 1 = slower than spawning the programs bare); the goal compares the two medians of all up');
  console.log("blvm figures come from the daemon's own transition timestamps; blvm runs its defaults, modules unsigned (require_signatures = false)");
  const goalValue = `${ratio(allUp('blvm'), allUp('raw'))} (${fig(allUp('blvm'))} vs ${fig(allUp('raw'))} ms, medians of ${ROUNDS} interleaved)`;
  await writeSummary('cold-start', [
    goalRow(`cold start of ${MODULES} modules / ${MODULES} raw parallel spawns`, goalValue, '≤ 1.30x', meets([allUp('blvm'), allUp('raw')], (b, r) => b / r <= 1.3)),
    { metric: `cold start of ${MODULES}, blvm (ms)`, value: Number.isFinite(allUp('blvm')) ? fig(allUp('blvm')) : 'failed' },
    { metric: `cold start of ${MODULES}, raw spawns (ms)`, value: Number.isFinite(allUp('raw')) ? fig(allUp('raw')) : 'failed' },
  ]);
});
