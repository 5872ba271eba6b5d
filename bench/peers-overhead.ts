// Supervisor overhead: RSS and CPU of the supervisor's own processes (blvm daemon, PM2 God
// daemon, supervisord) idle and with 100 idle supervised programs, sampled over a window once
// every program is up. Prints the table with ratios against blvm; asserts nothing. CPU is the
// scheduler's exact run time of every thread of the counted processes (peers-kit/cpu-time.ts).
// Run: npx tsx bench/peers-overhead.ts   (BENCH_PROGRAMS, BENCH_WINDOW_MS for quick runs)
import { join } from 'node:path';
import { attempt, type Attempt } from './peers-kit/attempt.js';
import { BlvmNode } from './peers-kit/blvm-node.js';
import { makeRunDir, withCleanup } from './peers-kit/cleanup.js';
import { ConnectServer } from './peers-kit/connect-server.js';
import type { PeerSupervisor } from './peers-kit/peer-supervisor.js';
import { Pm2Daemon, PM2_LABEL, PM2_SETTINGS } from './peers-kit/pm2-daemon.js';
import { isAlive } from './peers-kit/process-sweep.js';
import { sampleUsage, supervisorPids, totalRssMiB, type Usage } from './peers-kit/proc-usage.js';
import { GROUPS, readGroups, type Group, type GroupUsage } from './peers-kit/smaps-groups.js';
import { waitMonitoringRows } from './peers-kit/store-query.js';
import { findSupervisord, Supervisord, supervisordLabel, SUPERVISORD_SETTINGS } from './peers-kit/supervisord-daemon.js';
import { TRIVIAL_SOURCE, writeTrivialProgram } from './peers-kit/trivial-program.js';
import { goalRow, meets, printTable, ratio, writeSummary } from './stats.js';

const PROGRAMS = Number(process.env.BENCH_PROGRAMS ?? 100);
/** Window of the runs without programs. */
const IDLE_WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 10_000);
/** Window with PROGRAMS programs: 30 s holds six of blvm's 5 s ping rounds and evens out GC. */
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 30_000);
const windowFor = (count: number) => (count === 0 ? IDLE_WINDOW_MS : WINDOW_MS);
/** Quiet time after the last program is up, before the window opens: long enough with programs
 * for the start-up burst's compilation and garbage to be done, so the window measures idling
 * (60 s, as `idle-modules`' steady window: docs/benchmarks.md, "When the idle state begins"). */
const SETTLE_MS = Number(process.env.BENCH_STEADY_AFTER_MS ?? 60_000);
const IDLE_SETTLE_MS = 2_000;
const settleFor = (count: number) => (count === 0 ? IDLE_SETTLE_MS : SETTLE_MS);
const UP_TIMEOUT_MS = 120_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Scenario {
  usage: Usage;
  /** Summed RSS of the supervised programs themselves at the end of the window, MiB. */
  programsMiB: number;
  /** From launching the supervisor to every program up (ready / connected). */
  upMs: number;
  /** Where the daemon process's own pages are at the end of the window (smaps, by owner). */
  groups: Record<Group, GroupUsage> | null;
}

async function blvmScenario(root: string, extraConfig: string, count: number): Promise<Scenario> {
  // Metrics on as shipped, on a free port: another daemon on the machine may hold the default one.
  const node = await BlvmNode.create(root, `${extraConfig}\n[metrics]\nlisten = "127.0.0.1:0"\n`);
  for (let i = 0; i < count; i++) await node.addModule(`m${i}`, TRIVIAL_SOURCE);
  const startedAt = await node.start();
  try {
    await node.waitAnswering();
    const modules = await node.waitModules((ms) => ms.length === count && ms.every((m) => m.phase === 'monitoring'), UP_TIMEOUT_MS, 250);
    const readyAt = await waitMonitoringRows(node.dataDir, startedAt, count);
    const upMs = count === 0 ? 0 : Math.max(...readyAt.values()) - startedAt;
    await sleep(settleFor(count));
    const programs = modules.map((m) => m.pid!);
    const usage = await sampleUsage(await supervisorPids(node.pid!, programs), windowFor(count));
    return { upMs, usage, programsMiB: await totalRssMiB(programs), groups: await readGroups(node.pid!) };
  } finally {
    await node.stop();
  }
}

async function peerScenario(peer: PeerSupervisor, dir: string, program: string, count: number): Promise<Scenario> {
  const socketPath = join(dir, `${peer.label.split(' ')[0].toLowerCase()}-${count}.sock`);
  const server = await ConnectServer.listen(socketPath);
  const startedAt = Date.now();
  try {
    await peer.launch(count, program, socketPath);
    const connections = await server.waitForDistinct(count, startedAt, UP_TIMEOUT_MS);
    const upMs = count === 0 ? 0 : Math.max(...connections.map((c) => c.at)) - startedAt;
    await sleep(settleFor(count));
    const usage = await sampleUsage(await supervisorPids(peer.daemonPid(), server.pids), windowFor(count));
    return { upMs, usage, programsMiB: await totalRssMiB(server.pids), groups: await readGroups(peer.daemonPid()) };
  } finally {
    await peer.stop();
    for (const pid of server.pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await server.close();
  }
}

interface Measured {
  label: string;
  result: Attempt<{ idle: Scenario; loaded: Scenario }>;
}

/** "node binary 40.0, V8 heap 12.1, …" for the summary. */
function groupsText(groups: Record<Group, GroupUsage> | null): string {
  return groups ? GROUPS.map((g) => `${g} ${(groups[g].rssKiB / 1024).toFixed(1)}`).join(', ') : 'failed';
}

async function measure(label: string, run: (count: number) => Promise<Scenario>): Promise<Measured> {
  return { label, result: await attempt(`${label} overhead`, async () => ({ idle: await run(0), loaded: await run(PROGRAMS) })) };
}

await withCleanup(async () => {
  const dir = await makeRunDir('overhead');
  const program = await writeTrivialProgram(dir);
  const results = [
    await measure('blvm', (n) => blvmScenario(join(dir, `blvm-${n}`), '', n)),
    await measure('blvm, sandbox off', (n) => blvmScenario(join(dir, `blvm-bare-${n}`), '[sandbox]\nmode = "none"\n', n)),
  ];
  results.push(await measure(PM2_LABEL, (n) => peerScenario(new Pm2Daemon(join(dir, `pm2-${n}`)), dir, program, n)));
  const supervisordBin = findSupervisord();
  if (supervisordBin) {
    const label = await supervisordLabel(supervisordBin);
    results.push(await measure(label, (n) => peerScenario(new Supervisord(label, supervisordBin, join(dir, `supervisord-${n}`)), dir, program, n)));
  }
  const loaded = (r: Measured) => (r.result.ok ? r.result.value.loaded : null);
  const blvm = loaded(results[0]);
  const rows = results.map((r): Record<string, string | number> => {
    if (!r.result.ok) return { supervisor: r.label, 'idle RSS MiB': `failed: ${r.result.error}` };
    const { idle, loaded } = r.result.value;
    return {
      supervisor: r.label,
      'idle RSS MiB': idle.usage.rssMiB,
      [`${PROGRAMS} RSS MiB`]: loaded.usage.rssMiB,
      'KiB/program': ((loaded.usage.rssMiB - idle.usage.rssMiB) * 1024) / PROGRAMS,
      [`${PROGRAMS} PSS MiB`]: loaded.usage.pssMiB,
      'idle CPU %': idle.usage.cpuPercent,
      [`${PROGRAMS} CPU %`]: loaded.usage.cpuPercent,
      procs: loaded.usage.processes,
      'all up ms': loaded.upMs,
      'programs RSS MiB': loaded.programsMiB,
      'RSS vs blvm': ratio(loaded.usage.rssMiB, blvm?.usage.rssMiB ?? NaN),
      'CPU vs blvm': ratio(loaded.usage.cpuPercent, blvm?.usage.cpuPercent ?? NaN),
    };
  });
  if (!supervisordBin) rows.push({ supervisor: 'supervisord: not installed' });
  printTable(
    `supervisor overhead: own processes idle (${IDLE_WINDOW_MS / 1000} s window) and with ${PROGRAMS} idle programs (${WINDOW_MS / 1000} s window), ${SETTLE_MS / 1000} s after all up (${IDLE_SETTLE_MS / 1000} s idle)`,
    rows,
  );
  console.log(`ratios: that row's value with ${PROGRAMS} programs divided by blvm's (above 1 = more than blvm)`);
  console.log('CPU % is of one core: the run time the scheduler counted (/proc/<pid>/task/*/schedstat) for every thread of the counted processes, over wall time; RSS and PSS are means over the window (PSS splits shared pages); procs = supervisor processes counted (daemon + non-program helpers);');
  console.log(`all up ms = launch to the last of ${PROGRAMS} programs up; programs RSS = the ${PROGRAMS} programs themselves, for context`);
  console.log('"sandbox off" adds [sandbox] mode = "none" to blvm\'s defaults (no bubblewrap processes), for context');
  console.log(`settings: blvm defaults (ping_interval 5s); ${PM2_LABEL}: ${PM2_SETTINGS}; supervisord: ${SUPERVISORD_SETTINGS}`);
  printTable(
    `where each daemon's own resident pages are with ${PROGRAMS} programs, MiB (its /proc/<pid>/smaps at the end of the window, by owner)`,
    results.flatMap((r) => {
      const groups = loaded(r)?.groups;
      if (!groups) return [];
      const mib = (g: Group) => groups[g].rssKiB / 1024;
      const own = mib('V8 heap') + mib('[heap]') + mib('other anon');
      return [{ supervisor: r.label, ...Object.fromEntries(GROUPS.map((g) => [g, mib(g)])), 'anonymous (V8 heap + [heap] + other anon)': own }];
    }),
  );
  console.log("node binary = the node executable's file pages the daemon has touched (V8's optimizing compiler among them); libs = shared libraries and addons (blvm: the sqlite3 addon and libstdc++)");
  const versus = (r: Measured, pick: (s: Scenario) => number) => {
    const mine = loaded(r);
    return mine ? ratio(pick(mine), blvm ? pick(blvm) : NaN) : 'failed';
  };
  const bare = loaded(results[1]);
  const pm2 = loaded(results[2]);
  const helpers = (blvm?.usage.processes ?? NaN) - 1;
  const helperPss = (blvm?.usage.pssMiB ?? NaN) - (bare?.usage.pssMiB ?? NaN);
  const goals = [
    goalRow(
      `daemon CPU, ${PROGRAMS} idle programs, blvm vs PM2`,
      `${blvm?.usage.cpuPercent.toFixed(2)} % vs ${pm2?.usage.cpuPercent.toFixed(2)} %`,
      '≤ 1 % and ≤ PM2',
      meets([blvm?.usage.cpuPercent ?? NaN, pm2?.usage.cpuPercent ?? NaN], (b, p) => b <= 1 && b <= p),
    ),
    goalRow(
      `daemon RSS, ${PROGRAMS} idle programs, sandbox off vs PM2`,
      `${bare?.usage.rssMiB.toFixed(1)} vs ${pm2?.usage.rssMiB.toFixed(1)} MiB`,
      '≤ PM2',
      meets([bare?.usage.rssMiB ?? NaN, pm2?.usage.rssMiB ?? NaN], (b, p) => b <= p),
    ),
    goalRow(
      `sandbox helpers, ${PROGRAMS} modules`,
      `${helpers} processes, ${helperPss.toFixed(1)} MiB PSS`,
      '≤ 100 processes or ≤ 10 MiB PSS',
      meets([helpers, helperPss], (n, pss) => n <= 100 || pss <= 10),
    ),
  ];
  await writeSummary('peers-overhead', [
    ...goals,
    ...results.map((r) => ({ metric: `daemon RSS with ${PROGRAMS} programs, ${r.label} (MiB)`, value: loaded(r)?.usage.rssMiB.toFixed(1) ?? 'failed' })),
    ...results.map((r) => ({ metric: `daemon pages with ${PROGRAMS} programs by owner, ${r.label} (MiB)`, value: groupsText(loaded(r)?.groups ?? null) })),
    ...results.slice(1).map((r) => ({ metric: `daemon RSS with ${PROGRAMS} programs, ${r.label} / blvm`, value: versus(r, (s) => s.usage.rssMiB) })),
    ...results.slice(1).map((r) => ({ metric: `daemon CPU with ${PROGRAMS} programs, ${r.label} / blvm`, value: versus(r, (s) => s.usage.cpuPercent) })),
    ...(supervisordBin ? [] : [{ metric: 'overhead, supervisord', value: 'not installed' }]),
  ]);
});
