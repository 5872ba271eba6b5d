// Daemon cost of supervising idle modules: CPU and RSS of the daemon process itself (modules
// excluded) with BENCH_MODULES (default 100) idle modules sampled at 1 Hz, next to an idle
// daemon without modules and an empty Node process (Node's own floor) measured in the same run.
// Ratios, not absolute numbers, are the result. The daemon's CPU is the scheduler's exact run
// time of all its threads (/proc/<pid>/task/*/schedstat). With modules it is followed from the
// moment all are up, in 10 s slices (main thread / other threads), and read over two windows:
// an early one (BENCH_SETTLE_MS after all up) that still holds the start-up residue (V8's
// compiles and GC after 100 start-ups), and the steady one (BENCH_STEADY_AFTER_MS after all
// up) that the goal is taken from.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAEMON_NODE_FLAGS } from '../src/daemon/daemon-node-flags.js';
import { silentLogger } from '../src/log/logger.js';
import { Monitor } from '../src/monitor/monitor.js';
import type { PidEntry } from '../src/process/pid-registry.js';
import { IsolatedNode, sleep } from '../src/testing/isolated-node.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { cpuSecondsBetween, cpuSnapshot, type CpuSnapshot } from './peers-kit/cpu-time.js';
import { goalRow, meets, printTable, ratio, writeSummary } from './stats.js';

const MODULES = Number(process.env.BENCH_MODULES ?? 100);
/** A multiple of the 5 s ping interval, so every window holds the same number of ping rounds. */
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 30_000);
/** Start of the early window (and of the idle daemon's window), after the last module is up. */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 20_000);
/** Start of the steady window after the last module is up: by then V8's compiles and GC after the start-ups are over (docs/benchmarks.md, seventh pass). */
const STEADY_AFTER_MS = Number(process.env.BENCH_STEADY_AFTER_MS ?? 60_000);
const SLICE_MS = 10_000;
const PROBE = join(PACKAGE_ROOT, 'test', 'fixtures', 'modules', 'probe.mjs');
// Slow enough for 100 Node processes booting at once on two cores.
const SUPERVISION = '[supervision]\nready_timeout = "180s"\nping_interval = "5s"\nstop_grace = "5s"\nkill_grace = "2s"\n';

interface Usage {
  cpuPercent: number;
  /** The daemon's main thread alone (the rest: V8's compiler and GC helpers, libuv's pool). */
  mainPercent: number;
  rssMiB: number;
}

/** One look at the daemon, `at` ms after the moment followed from. */
interface Sample {
  at: number;
  cpu: CpuSnapshot;
  rssMiB: number;
}

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'latin1').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

/** The daemon's threads and RSS once a second from now until `untilMs`. */
async function follow(pid: number, untilMs: number): Promise<Sample[]> {
  const started = performance.now();
  const samples: Sample[] = [];
  for (let next = 0; next <= untilMs; next += 1000) {
    await sleep(Math.max(0, next - (performance.now() - started)));
    samples.push({ at: performance.now() - started, cpu: cpuSnapshot([pid]), rssMiB: rssMiB(pid) });
  }
  return samples;
}

/** CPU (percent of one core, all threads and the main thread) and mean RSS between `fromMs` and `toMs` of a follow. */
function usageBetween(samples: Sample[], pid: number, fromMs: number, toMs: number): Usage {
  const inside = samples.filter((s) => s.at >= fromMs - 500 && s.at <= toMs + 500);
  if (inside.length < 2) return { cpuPercent: NaN, mainPercent: NaN, rssMiB: NaN };
  const [first, last] = [inside[0], inside[inside.length - 1]];
  const seconds = (last.at - first.at) / 1000;
  const percent = (only?: (thread: string) => boolean) => (cpuSecondsBetween(first.cpu, last.cpu, only) / seconds) * 100;
  return {
    cpuPercent: percent(),
    mainPercent: percent((thread) => thread === `${pid}/${pid}`),
    rssMiB: inside.reduce((sum, s) => sum + s.rssMiB, 0) / inside.length,
  };
}

/** CPU of this process running the same sampling rounds as the daemon's monitor, over the window. */
async function samplingCost(dataDir: string): Promise<number> {
  const entries = (JSON.parse(readFileSync(join(dataDir, 'run', 'pids.json'), 'utf8')) as { entries: PidEntry[] }).entries;
  const noLimits = { memory_samples: 3, cpu_window: 10_000, kill_on_cpu_limit: false };
  const monitor = new Monitor({ entries: () => entries, limitsOf: () => noLimits, breach: () => {}, log: silentLogger }, { intervalMs: 1000, ringSize: 60 });
  const before = process.cpuUsage();
  const started = performance.now();
  monitor.start();
  await sleep(WINDOW_MS);
  await monitor.stop();
  const used = process.cpuUsage(before);
  return ((used.user + used.system) / 1000 / (performance.now() - started)) * 100;
}

/** Mean RSS of an empty Node process (`node -e` waiting on a timer), started with the daemon's node flags. */
async function emptyNodeRss(): Promise<number> {
  const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, '-e', 'setTimeout(() => {}, 600_000)'], { stdio: 'ignore' });
  try {
    await sleep(1000);
    const rss: number[] = [];
    for (let i = 0; i < 5; i++) {
      rss.push(rssMiB(child.pid!));
      await sleep(200);
    }
    return rss.reduce((a, b) => a + b, 0) / rss.length;
  } finally {
    child.kill('SIGKILL');
  }
}

async function allRunning(node: IsolatedNode, count: number): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const status = await node.status().catch(() => null);
    const running = status?.modules.filter((m) => m.phase === 'monitoring' && m.resources).length ?? 0;
    if (running === count) return;
    if (Date.now() > deadline) throw new Error(`only ${running} of ${count} modules came up within 10 minutes`);
    await sleep(1000);
  }
}

/** Starts the node with `modules` idle modules and follows its daemon from the moment all are up until `untilMs` later. */
async function run(node: IsolatedNode, modules: number, untilMs: number): Promise<Sample[]> {
  for (let i = 0; i < modules; i++) {
    const name = `idle-${i}`;
    await node.addModule(name, `name = "${name}"\nversion = "1.0.0"\nentry_point = "main.js"\ncapabilities = []\n`, `import ${JSON.stringify(PROBE)};`);
  }
  const started = performance.now();
  await node.start();
  if (modules > 0) {
    await allRunning(node, modules);
    console.log(`${modules} modules up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return follow(node.daemon!.pid!, untilMs);
}

const seconds = (ms: number): string => `${Math.round(ms / 1000)}–${Math.round((ms + WINDOW_MS) / 1000)} s`;

const nodes: IsolatedNode[] = [];
const cleanup = () => Promise.all(nodes.map((n) => n.destroy().catch(() => {})));
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
process.once('SIGTERM', () => void cleanup().then(() => process.exit(143)));

try {
  const baselineNode = await IsolatedNode.create({ start: false, supervision: SUPERVISION });
  nodes.push(baselineNode);
  const baselineFollowed = await run(baselineNode, 0, SETTLE_MS + WINDOW_MS);
  const baseline = usageBetween(baselineFollowed, baselineNode.daemon!.pid!, SETTLE_MS, SETTLE_MS + WINDOW_MS);
  await baselineNode.destroy();
  const loadedNode = await IsolatedNode.create({ start: false, supervision: SUPERVISION });
  nodes.push(loadedNode);
  const followed = await run(loadedNode, MODULES, Math.max(SETTLE_MS, STEADY_AFTER_MS) + WINDOW_MS);
  const loadedPid = loadedNode.daemon!.pid!;
  const slices = [];
  for (let from = 0; from + SLICE_MS <= STEADY_AFTER_MS + WINDOW_MS; from += SLICE_MS) {
    const u = usageBetween(followed, loadedPid, from, from + SLICE_MS);
    slices.push({ 'from all up': `${from / 1000}–${(from + SLICE_MS) / 1000} s`, 'all threads %': u.cpuPercent, 'main thread %': u.mainPercent, 'other threads %': u.cpuPercent - u.mainPercent });
  }
  if (slices.length > 0) printTable(`daemon CPU with ${MODULES} idle modules, ${SLICE_MS / 1000} s slices from the moment all are up (% of a core)`, slices);
  const early = usageBetween(followed, loadedPid, SETTLE_MS, SETTLE_MS + WINDOW_MS);
  const loaded = usageBetween(followed, loadedPid, STEADY_AFTER_MS, STEADY_AFTER_MS + WINDOW_MS);
  const emptyNode = await emptyNodeRss();
  const row = (name: string, u: Usage) => ({ case: name, 'daemon CPU %': u.cpuPercent, 'main thread %': u.mainPercent, 'daemon RSS MiB': u.rssMiB });
  printTable(`daemon process with ${MODULES} idle modules, 1 Hz sampling, ${WINDOW_MS / 1000} s windows (CPU: schedstat run time of all threads)`, [
    { case: 'empty node process (node -e, for context)', 'daemon CPU %': '-', 'main thread %': '-', 'daemon RSS MiB': emptyNode },
    row(`idle daemon, no modules (baseline), ${seconds(SETTLE_MS)} after start`, baseline),
    row(`${MODULES} idle modules, early: ${seconds(SETTLE_MS)} after all up (start-up residue)`, early),
    row(`${MODULES} idle modules, steady: ${seconds(STEADY_AFTER_MS)} after all up (the goal's figure)`, loaded),
  ]);
  const cpuRatio = ratio(loaded.cpuPercent, baseline.cpuPercent);
  const rssRatio = ratio(loaded.rssMiB, baseline.rssMiB);
  console.log(`ratio daemon CPU ${MODULES} modules (steady)/baseline: ${cpuRatio}`);
  console.log(`ratio daemon RSS ${MODULES} modules (steady)/baseline: ${rssRatio}`);
  console.log(`per module: +${((loaded.cpuPercent - baseline.cpuPercent) / MODULES).toFixed(3)} % CPU, +${(((loaded.rssMiB - baseline.rssMiB) * 1024) / MODULES).toFixed(0)} KiB RSS`);
  const sampling = await samplingCost(loadedNode.dataDir);
  console.log(`for comparison, the same 1 Hz sampling rounds over the ${MODULES} modules run alone in this process: ${sampling.toFixed(2)} % CPU`);
  console.log(`the goal takes the steady window (${seconds(STEADY_AFTER_MS)} after all up): by then V8's compiles and GC after the ${MODULES} start-ups are over; the early window is printed for comparison`);
  await writeSummary('idle-modules', [
    goalRow(
      `daemon CPU, ${MODULES} idle modules (1 Hz sampling)`,
      `${loaded.cpuPercent.toFixed(2)} % of a core, ${seconds(STEADY_AFTER_MS)} after all up (${seconds(SETTLE_MS)}: ${early.cpuPercent.toFixed(2)} %)`,
      '≤ 1 %',
      meets([loaded.cpuPercent], (c) => c <= 1),
    ),
    { metric: `daemon CPU, ${MODULES} idle modules / idle daemon`, value: `${cpuRatio} (${loaded.cpuPercent.toFixed(2)} / ${baseline.cpuPercent.toFixed(2)} %)` },
    { metric: `daemon RSS, ${MODULES} idle modules / idle daemon`, value: `${rssRatio} (${loaded.rssMiB.toFixed(1)} / ${baseline.rssMiB.toFixed(1)} MiB)` },
    { metric: `daemon RSS, ${MODULES} idle modules / empty node process (MiB)`, value: `${loaded.rssMiB.toFixed(1)} / ${emptyNode.toFixed(1)}` },
  ]);
} finally {
  await cleanup();
}
