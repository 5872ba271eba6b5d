// Restart latency after SIGKILL of a trivial Node program: blvm (SIGKILL → ready again) vs
// PM2 and supervisord (SIGKILL → the program's next connect to our socket), with a raw
// spawn + connect as the floor. Prints medians, p90s and ratios against blvm; asserts nothing.
// Run: npx tsx bench/peers-restart.ts   (BENCH_KILLS=5 for a quick run)
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
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
import { goalRow, meets, percentile, printTable, ratio, writeSummary } from './stats.js';
import type { ModuleStatus } from '../src/supervision/status-types.js';

const KILLS = Number(process.env.BENCH_KILLS ?? 20);
/** Time a program runs after (re)connecting before it is killed again. */
const PACE_MS = 400;
const BLVM_SUPERVISION = '[supervision]\nmax_crashes = 1000\nreset_after = "100ms"\n';
const NO_SANDBOX = '[sandbox]\nmode = "none"\n';
const STANDBY = '[modules.victim]\nstandby = true\n';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Wall-clock ms with sub-ms resolution, as the daemon stamps its transition rows. */
const wall = (): number => performance.timeOrigin + performance.now();

interface Outcome {
  label: string;
  measured: string;
  result: Attempt<number[]>;
}

async function outcome(label: string, measured: string, body: () => Promise<number[]>): Promise<Outcome> {
  return { label, measured, result: await attempt(`${label} restarts`, body) };
}

// The floor: what any restart costs at least, a fresh `node` process until it connects.
async function rawSpawns(dir: string, program: string): Promise<number[]> {
  const socketPath = join(dir, 'raw.sock');
  const server = await ConnectServer.listen(socketPath);
  const samples: number[] = [];
  try {
    for (let i = 0; i < KILLS; i++) {
      const started = Date.now();
      const child = spawn(process.execPath, [program], { stdio: 'ignore', env: { ...process.env, BENCH_SOCKET: socketPath } });
      const connection = await server.next((c) => c.pid === child.pid, 20_000);
      samples.push(connection.at - started);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  } finally {
    await server.close();
  }
  return samples;
}

async function peerRestarts(peer: PeerSupervisor, dir: string, program: string): Promise<number[]> {
  const socketPath = join(dir, `${peer.label.split(' ')[0].toLowerCase()}.sock`);
  const server = await ConnectServer.listen(socketPath);
  const samples: number[] = [];
  try {
    await peer.launch(1, program, socketPath);
    let current = await server.next(() => true, 20_000);
    for (let i = 0; i < KILLS; i++) {
      await sleep(PACE_MS);
      const killedAt = Date.now();
      process.kill(current.pid, 'SIGKILL');
      const previous = current.pid;
      current = await server.next((c) => c.pid !== previous && c.at >= killedAt, 20_000);
      samples.push(current.at - killedAt);
    }
  } finally {
    await peer.stop();
    for (const pid of server.pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await server.close();
  }
  return samples;
}

/** With a standby, every kill waits until the spare is held at its handshake, so each restart adopts one. */
async function blvmRestarts(root: string, extraConfig: string, standby = false): Promise<number[]> {
  const node = await BlvmNode.create(root, BLVM_SUPERVISION + extraConfig);
  await node.addModule('victim', TRIVIAL_SOURCE);
  await node.start();
  const samples: number[] = [];
  try {
    const settled = (m: ModuleStatus | undefined) => m?.phase === 'monitoring' && m.pid !== null && (!standby || m.standby?.status === 'ready');
    let [current] = await node.waitModules((ms) => settled(ms[0]), 20_000);
    for (let i = 0; i < KILLS; i++) {
      await sleep(PACE_MS);
      if (standby) [current] = await node.waitModules((ms) => settled(ms[0]), 20_000, 25);
      const killedAt = wall();
      process.kill(current.pid!, 'SIGKILL');
      const previous = current.pid;
      [current] = await node.waitModules((ms) => ms[0]?.phase === 'monitoring' && ms[0].pid !== null && ms[0].pid !== previous, 20_000, 25);
      const readyAt = (await waitMonitoringRows(node.dataDir, killedAt, 1)).get('victim')!;
      samples.push(Math.round((readyAt - killedAt) * 10) / 10);
    }
  } finally {
    await node.stop();
  }
  return samples;
}

await withCleanup(async () => {
  const dir = await makeRunDir('restart');
  const program = await writeTrivialProgram(dir);
  const supervisord = findSupervisord();
  const floor = await outcome('no supervisor (floor)', 'spawn → connect', () => rawSpawns(dir, program));
  const blvm = await outcome('blvm', 'SIGKILL → ready', () => blvmRestarts(join(dir, 'blvm'), ''));
  const bare = await outcome('blvm, sandbox off', 'SIGKILL → ready', () => blvmRestarts(join(dir, 'blvm-bare'), NO_SANDBOX));
  const warm = await outcome('blvm, warm standby', 'SIGKILL → ready', () => blvmRestarts(join(dir, 'blvm-standby'), STANDBY, true));
  const warmBare = await outcome('blvm, warm standby, sandbox off', 'SIGKILL → ready', () =>
    blvmRestarts(join(dir, 'blvm-standby-bare'), STANDBY + NO_SANDBOX, true),
  );
  const pm2 = new Pm2Daemon(join(dir, 'pm2'));
  const peers = [await outcome(pm2.label, 'SIGKILL → connect', () => peerRestarts(pm2, dir, program))];
  if (supervisord) {
    const sd = new Supervisord(await supervisordLabel(supervisord), supervisord, join(dir, 'supervisord'));
    peers.push(await outcome(sd.label, 'SIGKILL → connect', () => peerRestarts(sd, dir, program)));
  }
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
  printTable(`restart latency after SIGKILL of a trivial Node program (${KILLS} kills each, ${PACE_MS} ms apart)`, rows);
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
