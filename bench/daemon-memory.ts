// Where the daemon's memory is, idle and with N idle modules: blvm started as the goal row of
// peers-overhead starts it (shipped defaults, sandbox off, unsigned modules, inspector off),
// N copies of the trivial program, all in `monitoring`, a settle time, then RSS / PSS /
// anonymous / file-backed from smaps_rollup (means over the window) and the per-mapping
// breakdown from smaps at the window's end, and the daemon's CPU to start them and over the window. Optionally a heap snapshot of the settled daemon.
// Run: npx tsx bench/daemon-memory.ts
//   BENCH_COUNTS=0,100       module counts, one daemon after the other
//   BENCH_SETTLE_MS=20000    quiet time after the last module is up
//   BENCH_WINDOW_MS=10000    sampling window (smaps_rollup once a second)
//   BENCH_NODE_FLAGS="..."   extra node flags for the daemon (after its own)
//   BENCH_SNAPSHOT_DIR=dir   write a heap snapshot of each daemon there after the window
import { copyFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BlvmNode } from './peers-kit/blvm-node.js';
import { cpuSecondsBetween, cpuSnapshot } from './peers-kit/cpu-time.js';
import { makeRunDir, withCleanup } from './peers-kit/cleanup.js';
import { GROUPS, readGroups, readRollup, type Group, type GroupUsage, type Rollup } from './peers-kit/smaps-groups.js';
import { TRIVIAL_SOURCE } from './peers-kit/trivial-program.js';
import { printTable, writeSummary } from './stats.js';

const COUNTS = (process.env.BENCH_COUNTS ?? '0,100').split(',').map(Number);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 20_000);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 10_000);
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const SNAPSHOT_DIR = process.env.BENCH_SNAPSHOT_DIR;
const SNAPSHOT_SIGNAL = 'SIGUSR2';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const mib = (kib: number) => kib / 1024;

interface Measured {
  count: number;
  /** The daemon's CPU (all threads) from launch until every module is in `monitoring`, s. */
  startCpuS: number;
  /** The daemon's CPU over the window, % of a core. */
  windowCpu: number;
  rollup: Rollup;
  groups: Record<Group, GroupUsage>;
  snapshot?: string;
}

async function meanRollup(pid: number): Promise<Rollup> {
  const samples: Rollup[] = [];
  for (const end = Date.now() + WINDOW_MS; Date.now() < end; await sleep(1000)) samples.push(await readRollup(pid));
  const mean = (pick: (r: Rollup) => number) => samples.reduce((a, r) => a + pick(r), 0) / samples.length;
  return { rssKiB: mean((r) => r.rssKiB), pssKiB: mean((r) => r.pssKiB), anonKiB: mean((r) => r.anonKiB), fileKiB: mean((r) => r.fileKiB) };
}

// --heapsnapshot-signal writes Heap.<...>.heapsnapshot into the daemon's cwd; done when its size stops changing.
async function takeSnapshot(node: BlvmNode, count: number): Promise<string> {
  process.kill(node.pid!, SNAPSHOT_SIGNAL);
  const deadline = Date.now() + 60_000;
  let last = -1;
  while (Date.now() < deadline) {
    await sleep(1000);
    const name = (await readdir(node.root)).find((f) => f.endsWith('.heapsnapshot'));
    if (!name) continue;
    const size = (await stat(join(node.root, name))).size;
    if (size > 0 && size === last) {
      const target = join(SNAPSHOT_DIR!, `daemon-${count}-${node.pid}.heapsnapshot`);
      await copyFile(join(node.root, name), target);
      return target;
    }
    last = size;
  }
  throw new Error(`no heap snapshot from the daemon (pid ${node.pid}) within 60 s`);
}

async function measure(root: string, count: number): Promise<Measured> {
  // The metrics endpoint stays on as shipped, on a free port: other daemons on the machine may hold the default one.
  const node = await BlvmNode.create(root, '[sandbox]\nmode = "none"\n\n[metrics]\nlisten = "127.0.0.1:0"\n');
  for (let i = 0; i < count; i++) await node.addModule(`m${i}`, TRIVIAL_SOURCE);
  await node.start(SNAPSHOT_DIR ? [...NODE_FLAGS, `--heapsnapshot-signal=${SNAPSHOT_SIGNAL}`] : NODE_FLAGS);
  try {
    await node.waitAnswering();
    await node.waitModules((ms) => ms.length === count && ms.every((m) => m.phase === 'monitoring'), 120_000, 250);
    const startCpuS = cpuSecondsBetween(new Map(), cpuSnapshot([node.pid!]));
    await sleep(SETTLE_MS);
    const windowStart = cpuSnapshot([node.pid!]);
    const windowStartedAt = performance.now();
    const rollup = await meanRollup(node.pid!);
    const windowCpu = (cpuSecondsBetween(windowStart, cpuSnapshot([node.pid!])) / ((performance.now() - windowStartedAt) / 1000)) * 100;
    const groups = await readGroups(node.pid!);
    const snapshot = SNAPSHOT_DIR ? await takeSnapshot(node, count) : undefined;
    return { count, startCpuS, windowCpu, rollup, groups, snapshot };
  } finally {
    await node.stop();
  }
}

await withCleanup(async () => {
  const dir = await makeRunDir('daemon-memory');
  const results: Measured[] = [];
  for (const count of COUNTS) results.push(await measure(join(dir, `blvm-${count}`), count));
  printTable(
    `blvm daemon, sandbox off, ${SETTLE_MS / 1000} s after all modules are up, means over ${WINDOW_MS / 1000} s (MiB)${NODE_FLAGS.length ? `, extra flags ${NODE_FLAGS.join(' ')}` : ''}`,
    results.map((r) => ({ modules: r.count, RSS: mib(r.rollup.rssKiB), PSS: mib(r.rollup.pssKiB), anonymous: mib(r.rollup.anonKiB), 'file-backed': mib(r.rollup.fileKiB), 'start CPU s': r.startCpuS, 'window CPU %': r.windowCpu })),
  );
  printTable(
    'smaps at the end of the window, Rss (anonymous) MiB per group; V8 heap = anonymous mappings not next to the libraries',
    results.map((r) => ({ modules: r.count, ...Object.fromEntries(GROUPS.map((g) => [g, `${mib(r.groups[g].rssKiB).toFixed(2)} (${mib(r.groups[g].anonKiB).toFixed(2)})`])) })),
  );
  const base = results[0];
  const summary = results.map((r) => ({ metric: `daemon RSS, ${r.count} idle modules, sandbox off (MiB)`, value: mib(r.rollup.rssKiB).toFixed(1) }));
  for (const r of results.slice(1)) {
    const perModule = (a: number, b: number) => (r.count > 0 ? ((a - b) / r.count).toFixed(1) : 'n/a');
    console.log(`${r.count} vs ${base.count} modules, KiB per module: RSS ${perModule(r.rollup.rssKiB, base.rollup.rssKiB)}, ${GROUPS.map((g) => `${g} ${perModule(r.groups[g].rssKiB, base.groups[g].rssKiB)}`).join(', ')}`);
    summary.push({ metric: `daemon RSS per module, ${r.count} vs ${base.count} modules (KiB)`, value: perModule(r.rollup.rssKiB, base.rollup.rssKiB) });
  }
  for (const r of results) if (r.snapshot) console.log(`heap snapshot, ${r.count} modules: ${r.snapshot}`);
  await writeSummary('daemon-memory', summary);
});
