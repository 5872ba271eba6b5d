// Daemon cost of supervising idle modules: CPU and RSS of the daemon process itself (modules
// excluded) with BENCH_MODULES (default 100) idle modules sampled at 1 Hz, next to an idle
// daemon without modules and an empty Node process (Node's own floor) measured in the same run.
// Ratios, not absolute numbers, are the result. The daemon's CPU is the scheduler's exact run
// time of all its threads (/proc/<pid>/task/*/schedstat) over the window.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAEMON_NODE_FLAGS } from '../src/daemon/daemon-node-flags.js';
import { silentLogger } from '../src/log/logger.js';
import { Monitor } from '../src/monitor/monitor.js';
import type { PidEntry } from '../src/process/pid-registry.js';
import { IsolatedNode, sleep } from '../src/testing/isolated-node.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { cpuSecondsBetween, cpuSnapshot } from './peers-kit/cpu-time.js';
import { goalRow, meets, printTable, ratio, writeSummary } from './stats.js';

const MODULES = Number(process.env.BENCH_MODULES ?? 100);
/** A multiple of the 5 s ping interval, so every window holds the same number of ping rounds. */
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 30_000);
/** Quiet time after the last module is up: the start-up burst's compilation and garbage done. */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 20_000);
const PROBE = join(PACKAGE_ROOT, 'test', 'fixtures', 'modules', 'probe.mjs');
// Slow enough for 100 Node processes booting at once on two cores.
const SUPERVISION = '[supervision]\nready_timeout = "180s"\nping_interval = "5s"\nstop_grace = "5s"\nkill_grace = "2s"\n';

interface Usage {
  cpuPercent: number;
  rssMiB: number;
}

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'latin1').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

/** Mean CPU (percent of one core) and mean RSS of `pid` over the window. */
async function measure(pid: number): Promise<Usage> {
  const cpuAtStart = cpuSnapshot([pid]);
  const started = performance.now();
  const rss: number[] = [];
  while (performance.now() - started < WINDOW_MS) {
    rss.push(rssMiB(pid));
    await sleep(1000);
  }
  const cpuS = cpuSecondsBetween(cpuAtStart, cpuSnapshot([pid]));
  const seconds = (performance.now() - started) / 1000;
  return { cpuPercent: (cpuS / seconds) * 100, rssMiB: rss.reduce((a, b) => a + b, 0) / rss.length };
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

async function run(node: IsolatedNode, modules: number): Promise<Usage> {
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
  await sleep(SETTLE_MS);
  return measure(node.daemon!.pid!);
}

const nodes: IsolatedNode[] = [];
const cleanup = () => Promise.all(nodes.map((n) => n.destroy().catch(() => {})));
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
process.once('SIGTERM', () => void cleanup().then(() => process.exit(143)));

try {
  const baselineNode = await IsolatedNode.create({ start: false, supervision: SUPERVISION });
  nodes.push(baselineNode);
  const baseline = await run(baselineNode, 0);
  await baselineNode.destroy();
  const loadedNode = await IsolatedNode.create({ start: false, supervision: SUPERVISION });
  nodes.push(loadedNode);
  const loaded = await run(loadedNode, MODULES);
  const emptyNode = await emptyNodeRss();
  printTable(`daemon process with ${MODULES} idle modules, 1 Hz sampling, mean over ${WINDOW_MS / 1000} s (CPU: schedstat run time of all threads)`, [
    { case: 'empty node process (node -e, for context)', 'daemon CPU %': '-', 'daemon RSS MiB': emptyNode },
    { case: 'idle daemon, no modules (baseline)', 'daemon CPU %': baseline.cpuPercent, 'daemon RSS MiB': baseline.rssMiB },
    { case: `${MODULES} idle modules`, 'daemon CPU %': loaded.cpuPercent, 'daemon RSS MiB': loaded.rssMiB },
  ]);
  const cpuRatio = ratio(loaded.cpuPercent, baseline.cpuPercent);
  const rssRatio = ratio(loaded.rssMiB, baseline.rssMiB);
  console.log(`ratio daemon CPU ${MODULES} modules/baseline: ${cpuRatio}`);
  console.log(`ratio daemon RSS ${MODULES} modules/baseline: ${rssRatio}`);
  console.log(`per module: +${((loaded.cpuPercent - baseline.cpuPercent) / MODULES).toFixed(3)} % CPU, +${(((loaded.rssMiB - baseline.rssMiB) * 1024) / MODULES).toFixed(0)} KiB RSS`);
  const sampling = await samplingCost(loadedNode.dataDir);
  console.log(`for comparison, the same 1 Hz sampling rounds over the ${MODULES} modules run alone in this process: ${sampling.toFixed(2)} % CPU`);
  await writeSummary('idle-modules', [
    goalRow(`daemon CPU, ${MODULES} idle modules (1 Hz sampling)`, `${loaded.cpuPercent.toFixed(2)} % of a core`, '≤ 1 %', meets([loaded.cpuPercent], (c) => c <= 1)),
    { metric: `daemon CPU, ${MODULES} idle modules / idle daemon`, value: cpuRatio },
    { metric: `daemon RSS, ${MODULES} idle modules / idle daemon`, value: rssRatio },
    { metric: `daemon RSS, ${MODULES} idle modules / empty node process (MiB)`, value: `${loaded.rssMiB.toFixed(1)} / ${emptyNode.toFixed(1)}` },
  ]);
} finally {
  await cleanup();
}
