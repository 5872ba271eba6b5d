// Restart latency: SIGKILL of a supervised module → ready again, against a baseline that
// spawns the same kind of program and waits for its socket connect (the floor). The two are
// measured interleaved, one blvm restart and one baseline spawn per round, the order
// alternating, so a burst of other work on the machine lands on both sides; the verdict
// compares the two medians of this run. Ratios, not seconds.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitMonitoringRows } from './peers-kit/store-query.js';
import { IsolatedNode, sleep } from '../src/testing/isolated-node.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { figure, goalRow, interleavedRounds, median, meets, percentile, printTable, wall, writeSummary } from './stats.js';

const KILLS = Number(process.env.BENCH_KILLS ?? 20);
const PROBE = join(PACKAGE_ROOT, 'test', 'fixtures', 'modules', 'probe.mjs');
const MANIFEST = 'name = "victim"\nversion = "1.0.0"\nentry_point = "main.js"\ncapabilities = []\n';

/** A running node with one module; each call kills it and returns kill → ready again, ms. */
async function blvmVictim(): Promise<{ restart: () => Promise<number>; close: () => Promise<void> }> {
  const node = await IsolatedNode.create({
    start: false,
    supervision: '[supervision]\nmax_crashes = 1000\nreset_after = "100ms"\n',
  });
  await node.addModule('victim', MANIFEST, `import ${JSON.stringify(PROBE)};`);
  await node.start();
  let pid = (await node.waitForPhase('victim', 'monitoring')).pid!;
  const restart = async (): Promise<number> => {
    await sleep(300);
    // From the clock of the transition rows: a whole-ms Date.now() would add up to 1 ms.
    const killedAt = wall();
    process.kill(pid, 'SIGKILL');
    const killed = pid;
    pid = (await node.waitFor('victim', (m) => m.phase === 'monitoring' && m.pid !== killed)).pid!;
    const back = (await waitMonitoringRows(node.dataDir, killedAt, 1)).get('victim');
    return back === undefined ? NaN : back - killedAt;
  };
  return { restart, close: () => node.destroy() };
}

/** A socket to connect to; each call spawns `node` on a connecting one-liner and returns spawn → connect, ms. */
async function baselineSpawner(): Promise<{ spawnOnce: () => Promise<number>; close: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'blvm-bench-'));
  const socketPath = join(dir, 'b.sock');
  let onConnect: (() => void) | null = null;
  const server = createServer((socket) => {
    onConnect?.();
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const client = `const s=require('node:net').createConnection(${JSON.stringify(socketPath)});s.on('close',()=>process.exit(0));s.on('error',()=>process.exit(1));`;
  const spawnOnce = async (): Promise<number> => {
    const started = Date.now();
    const connected = new Promise<void>((resolve) => (onConnect = resolve));
    const child = spawn(process.execPath, ['-e', client], { stdio: 'ignore' });
    await connected;
    const ms = Date.now() - started;
    await new Promise((resolve) => child.on('exit', resolve));
    return ms;
  };
  const close = async (): Promise<void> => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { spawnOnce, close };
}

const floor = await baselineSpawner();
const victim = await blvmVictim().catch(async (error: unknown) => {
  await floor.close();
  throw error;
});
let samples: Record<'blvm' | 'floor', number[]>;
try {
  samples = await interleavedRounds(['blvm', 'floor'] as const, KILLS, (side) => (side === 'blvm' ? victim.restart() : floor.spawnOnce()));
} finally {
  await victim.close();
  await floor.close();
}
const blvm = samples.blvm.filter(Number.isFinite);
const base = samples.floor;
// Each round's restart minus that round's floor spawn: the two ran seconds apart on the same machine.
const overFloor = median(samples.blvm.map((b, i) => b - samples.floor[i]).filter(Number.isFinite));
printTable(`restart latency after SIGKILL (ms), ${KILLS} interleaved rounds (one of each per round, order alternating)`, [
  { name: 'spawn + socket connect (baseline, the floor)', median: median(base), p90: percentile(base, 90), n: base.length },
  { name: 'blvm: SIGKILL → ready again', median: median(blvm), p90: percentile(blvm, 90), n: blvm.length },
]);
const ratioText = `median ${(median(blvm) / median(base)).toFixed(2)}x, p90 ${(percentile(blvm, 90) / percentile(base, 90)).toFixed(2)}x`;
console.log(`ratio blvm/baseline: ${ratioText}`);
console.log(`per round, blvm's restart minus that round's floor spawn: median ${figure(overFloor)} ms (for context; the goal compares the two medians)`);
await writeSummary('restart', [
  goalRow(
    'restart SIGKILL → ready, default sandbox, median',
    `${figure(median(blvm))} ms vs floor ${figure(median(base))} ms (${blvm.length}/${base.length} interleaved)`,
    '≤ floor + 15 ms',
    meets([median(blvm), median(base)], (b, f) => b <= f + 15),
  ),
  { metric: 'ratio blvm/baseline', value: ratioText },
  { metric: 'restart p90, blvm vs floor', value: `${figure(percentile(blvm, 90))} vs ${figure(percentile(base, 90))} ms` },
  { metric: 'restart minus floor, per round, median', value: `${figure(overFloor)} ms` },
]);
