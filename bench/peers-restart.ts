// Restart latency after SIGKILL of a trivial Node program: blvm (SIGKILL → ready again) vs
// PM2 and supervisord (SIGKILL → the program's next connect to our socket), with a raw
// spawn + connect as the floor. All contenders run at once and are killed in interleaved rounds.
// Prints medians, p90s and ratios against blvm; asserts nothing.
// Run: npx tsx bench/peers-restart.ts   (BENCH_KILLS=5 for a quick run)
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { attempt, type Attempt } from './peers-kit/attempt.js';
import { BlvmNode } from './peers-kit/blvm-node.js';
import { makeRunDir, withCleanup } from './peers-kit/cleanup.js';
import { ConnectServer } from './peers-kit/connect-server.js';
import type { PeerSupervisor } from './peers-kit/peer-supervisor.js';
import { Pm2Daemon, PM2_LABEL, PM2_SETTINGS } from './peers-kit/pm2-daemon.js';
import { isAlive } from './peers-kit/process-sweep.js';
import { waitMonitoringRows } from './peers-kit/store-query.js';
import { findSupervisord, Supervisord, supervisordLabel, SUPERVISORD_SETTINGS } from './peers-kit/supervisord-daemon.js';
import { TRIVIAL_SOURCE, writeTrivialProgram } from './peers-kit/trivial-program.js';
import { goalRow, interleavedRounds, meets, percentile, printTable, ratio, wall, writeSummary } from './stats.js';
import type { ModuleStatus } from '../src/supervision/status-types.js';

const KILLS = Number(process.env.BENCH_KILLS ?? 20);
/** Time a program runs after (re)connecting before it is killed again. */
const PACE_MS = 400;
const BLVM_SUPERVISION = '[supervision]\nmax_crashes = 1000\nreset_after = "100ms"\n';
const NO_SANDBOX = '[sandbox]\nmode = "none"\n';
const STANDBY = '[modules.victim]\nstandby = true\n';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Outcome {
  label: string;
  measured: string;
  result: Attempt<number[]>;
}

/** One contender kept running for the whole benchmark: each `sample()` is one restart, ms. */
interface Contender {
  label: string;
  measured: string;
  sample(): Promise<number>;
  close(): Promise<void>;
}

// The floor: what any restart costs at least, a fresh `node` process until it connects.
async function rawFloor(dir: string, program: string): Promise<Contender> {
  const socketPath = join(dir, 'raw.sock');
  const server = await ConnectServer.listen(socketPath);
  const sample = async (): Promise<number> => {
    const started = Date.now();
    const child = spawn(process.execPath, [program], { stdio: 'ignore', env: { ...process.env, BENCH_SOCKET: socketPath } });
    const connection = await server.next((c) => c.pid === child.pid, 20_000);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    return connection.at - started;
  };
  return { label: 'no supervisor (floor)', measured: 'spawn → connect', sample, close: () => server.close() };
}

async function peerContender(peer: PeerSupervisor, dir: string, program: string): Promise<Contender> {
  const socketPath = join(dir, `${peer.label.split(' ')[0].toLowerCase()}.sock`);
  const server = await ConnectServer.listen(socketPath);
  const close = async () => {
    await peer.stop();
    for (const pid of server.pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await server.close();
  };
  try {
    await peer.launch(1, program, socketPath);
    let current = await server.next(() => true, 20_000);
    const sample = async (): Promise<number> => {
      await sleep(PACE_MS);
      const killedAt = Date.now();
      process.kill(current.pid, 'SIGKILL');
      const previous = current.pid;
      current = await server.next((c) => c.pid !== previous && c.at >= killedAt, 20_000);
      return current.at - killedAt;
    };
    return { label: peer.label, measured: 'SIGKILL → connect', sample, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** With a standby, every kill waits until the spare is held at its handshake, so each restart adopts one. */
async function blvmContender(label: string, root: string, extraConfig: string, standby = false): Promise<Contender> {
  const node = await BlvmNode.create(root, BLVM_SUPERVISION + extraConfig);
  await node.addModule('victim', TRIVIAL_SOURCE);
  await node.start();
  try {
    const settled = (m: ModuleStatus | undefined) => m?.phase === 'monitoring' && m.pid !== null && (!standby || m.standby?.status === 'ready');
    let [current] = await node.waitModules((ms) => settled(ms[0]), 20_000);
    const sample = async (): Promise<number> => {
      await sleep(PACE_MS);
      if (standby) [current] = await node.waitModules((ms) => settled(ms[0]), 20_000, 25);
      const killedAt = wall();
      process.kill(current.pid!, 'SIGKILL');
      const previous = current.pid;
      [current] = await node.waitModules((ms) => ms[0]?.phase === 'monitoring' && ms[0].pid !== null && ms[0].pid !== previous, 20_000, 25);
      const readyAt = (await waitMonitoringRows(node.dataDir, killedAt, 1)).get('victim')!;
      return Math.round((readyAt - killedAt) * 10) / 10;
    };
    return { label, measured: 'SIGKILL → ready', sample, close: () => node.stop() };
  } catch (error) {
    await node.stop();
    throw error;
  }
}

/**
 * Opens every contender, then samples them in KILLS rounds of one restart each, the order
 * rotated every round (`interleavedRounds`), so a burst of other work on the machine lands
 * on every contender rather than deciding one ratio. A contender that fails to open or
 * fails a restart keeps its row, as "failed: …", and is left out of later rounds.
 */
async function measureInterleaved(openers: { label: string; open: () => Promise<Contender> }[]): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>();
  const live = new Map<string, Contender>();
  for (const { label, open } of openers) {
    const opened = await attempt(`${label} start`, open);
    if (opened.ok) live.set(label, opened.value);
    else outcomes.set(label, { label, measured: '', result: opened });
  }
  try {
    const samples = await interleavedRounds([...live.keys()], KILLS, async (label) => {
      const contender = live.get(label);
      if (contender === undefined || outcomes.has(label)) return NaN;
      const restart = await attempt(`${label} restart`, () => contender.sample());
      if (!restart.ok) outcomes.set(label, { label, measured: contender.measured, result: restart });
      return restart.ok ? restart.value : NaN;
    });
    for (const [label, contender] of live) {
      if (!outcomes.has(label)) outcomes.set(label, { label, measured: contender.measured, result: { ok: true, value: samples[label] } });
    }
  } finally {
    for (const contender of live.values()) await contender.close();
  }
  return outcomes;
}

await withCleanup(async () => {
  const dir = await makeRunDir('restart');
  const program = await writeTrivialProgram(dir);
  const supervisord = findSupervisord();
  const pm2 = new Pm2Daemon(join(dir, 'pm2'));
  const sd = supervisord ? new Supervisord(await supervisordLabel(supervisord), supervisord, join(dir, 'supervisord')) : undefined;
  const LABELS = {
    floor: 'no supervisor (floor)',
    blvm: 'blvm',
    bare: 'blvm, sandbox off',
    warm: 'blvm, warm standby',
    warmBare: 'blvm, warm standby, sandbox off',
  };
  const outcomes = await measureInterleaved([
    { label: LABELS.floor, open: () => rawFloor(dir, program) },
    { label: LABELS.blvm, open: () => blvmContender(LABELS.blvm, join(dir, 'blvm'), '') },
    { label: LABELS.bare, open: () => blvmContender(LABELS.bare, join(dir, 'blvm-bare'), NO_SANDBOX) },
    { label: LABELS.warm, open: () => blvmContender(LABELS.warm, join(dir, 'blvm-standby'), STANDBY, true) },
    { label: LABELS.warmBare, open: () => blvmContender(LABELS.warmBare, join(dir, 'blvm-standby-bare'), STANDBY + NO_SANDBOX, true) },
    { label: pm2.label, open: () => peerContender(pm2, dir, program) },
    ...(sd ? [{ label: sd.label, open: () => peerContender(sd, dir, program) }] : []),
  ]);
  const [floor, blvm, bare, warm, warmBare] = Object.values(LABELS).map((label) => outcomes.get(label)!);
  const peers = [outcomes.get(pm2.label)!, ...(sd ? [outcomes.get(sd.label)!] : [])];
  const stat = (o: Outcome, p: number) => (o.result.ok ? percentile(o.result.value, p) : NaN);
  const row = (o: Outcome): Record<string, string | number> =>
    o.result.ok
      ? {
          supervisor: o.label,
          measured: o.measured,
          'median ms': stat(o, 50),
          'p90 ms': stat(o, 90),
          n: o.result.value.length,
          'median vs blvm': ratio(stat(o, 50), stat(blvm, 50)),
          'p90 vs blvm': ratio(stat(o, 90), stat(blvm, 90)),
        }
      : { supervisor: o.label, measured: o.measured, 'median ms': `failed: ${o.result.error}` };
  const rows = [floor, blvm, bare, warm, warmBare, ...peers].map(row);
  if (!supervisord) rows.push({ supervisor: 'supervisord: not installed' });
  printTable(`restart latency after SIGKILL of a trivial Node program (${KILLS} interleaved rounds of one kill each, order rotated; ${PACE_MS} ms after each (re)start)`, rows);
  console.log('ratios: that row divided by blvm (above 1 = slower than blvm)');
  console.log('settings: blvm defaults except max_crashes = 1000, reset_after = "100ms" (every restart is a first, immediate one);');
  console.log('          "sandbox off" adds [sandbox] mode = "none" (no bubblewrap), for context');
  console.log('          "warm standby" adds [modules.victim] standby = true (default sandbox) and kills only once the spare is held');
  console.log(`          ${PM2_LABEL}: ${PM2_SETTINGS}; supervisord: ${SUPERVISORD_SETTINGS}`);
  const pm2Median = stat(peers[0], 50);
  const goals = [
    goalRow(
      'restart SIGKILL → ready, default sandbox, median',
      `${stat(blvm, 50)} ms vs floor ${stat(floor, 50)} ms`,
      '≤ floor + 15 ms',
      meets([stat(blvm, 50), stat(floor, 50)], (b, f) => b <= f + 15),
    ),
    goalRow('restart, sandbox off / PM2, median', `${ratio(stat(bare, 50), pm2Median)} (${stat(bare, 50)} vs ${pm2Median} ms)`, '≤ 0.90x', meets([stat(bare, 50), pm2Median], (b, p) => b / p <= 0.9)),
    goalRow(
      'restart with a warm standby, median',
      `${stat(warm, 50)} ms, ${ratio(stat(warm, 50), pm2Median)} PM2 (${pm2Median} ms)`,
      '≤ 10 ms and ≤ 0.20x PM2',
      meets([stat(warm, 50), pm2Median], (w, p) => w <= 10 && w / p <= 0.2),
    ),
  ];
  await writeSummary('peers-restart', [
    ...goals,
    { metric: 'restart median, blvm (ms)', value: blvm.result.ok ? String(stat(blvm, 50)) : 'failed' },
    ...[floor, bare, warm, warmBare, ...peers].map((o) => ({ metric: `restart median, ${o.label} / blvm`, value: o.result.ok ? ratio(stat(o, 50), stat(blvm, 50)) : 'failed' })),
    ...(supervisord ? [] : [{ metric: 'restart, supervisord', value: 'not installed' }]),
  ]);
});
