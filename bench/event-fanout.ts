// Event fan-out to many subscriber processes (100 by default) through the blvm event bus
// against a raw broadcast baseline (each burst of frames encoded once and written to every
// socket in one write), both measured in this run with the same publisher pacing and the
// same plain subscriber program, in interleaved rounds (medians reported). The bus side is
// the real thing: every event sequenced and appended to a store, queued per subscriber, and
// written in corked batches, with the shipped `[ipc] event_linger`; a third side shows the
// bus with the linger off. Reports deliveries/s and the p99 publish→receive latency, with
// ratios; asserts nothing.
// Run: npx tsx bench/event-fanout.ts   (BENCH_FANOUT_SUBSCRIBERS, BENCH_FANOUT_EVENTS, BENCH_FANOUT_ROUNDS, BENCH_FANOUT_SIDES, BENCH_FANOUT_LINGERS;
// BENCH_FANOUT_PIN=1 pins this process to CPU 0 and every subscriber to CPU 1 with taskset, so
// that the publisher never waits behind a subscriber for a CPU: the scheduler's share, isolated)
import { execFileSync } from 'node:child_process';
import { pbkdf2 } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ApiRouter } from '../src/api/api-router.js';
import { registerBusMethods } from '../src/bus/bus-methods.js';
import { EventBus } from '../src/bus/event-bus.js';
import { SCHEMA } from '../src/config/schema.js';
import { DEFAULT_MAX_FRAME } from '../src/ipc/frame-encode.js';
import { benchModuleServer } from './ipc-kit/bench-server.js';
import { openStore } from '../src/store/index.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { benchDir, onCleanup, quietLog, runBench, startChild, type Child } from './ipc-kit/children.js';
import { rawFrame, startRawBroadcast } from './ipc-kit/raw-server.js';
import { goalRow, median, meets, percentile, printTable, ratio, roundOrder, wall, writeSummary } from './stats.js';

const SUBSCRIBERS = Number(process.env.BENCH_FANOUT_SUBSCRIBERS ?? 100);
const EVENTS = Number(process.env.BENCH_FANOUT_EVENTS ?? 2000);
const ROUNDS = Number(process.env.BENCH_FANOUT_ROUNDS ?? 5);
const PIN = process.env.BENCH_FANOUT_PIN === '1';
/** The shipped `[ipc] event_linger`, ms. */
const LINGER_MS = SCHEMA.ipc.event_linger.default as number;
/** Events published per turn of the event loop. */
const BURST = 20;
const DEADLINE_MS = 120_000;
const SUBSCRIBER = join(PACKAGE_ROOT, 'bench', 'ipc-kit', 'fanout-subscriber.mjs');
const PAD = 'x'.repeat(100);

interface SubscriberResult {
  received: number;
  missed: number;
  last: number;
  latencies: number[];
  /** The subscriber's CPU time from ready to its last event, µs. */
  cpuUs: number;
  /** Reads ('data' events) it took. */
  chunks: number;
  /** Its time runnable but waiting for a CPU, from ready to its last event, µs. */
  waitUs: number;
}

interface Outcome {
  deliveriesPerSec: number;
  p50: number;
  p99: number;
  /** Median latency of the first and of the last tenth of each subscriber's events, ms: a backlog that grows over the run shows as late ≫ early. */
  early: number;
  late: number;
  missed: number;
  /** From the first publish until the publisher's last burst returned, ms. */
  publishMs: number;
  /** From the publisher's last burst until the last delivery, ms. */
  tailMs: number;
  /** Share of the machine's CPU time that was idle during the run (other work on it fills the rest too). */
  idleShare: number;
  /** Share of the machine's CPU time (all cores, first publish to last delivery) that this side's processes got. */
  cpuShare: number;
  /** Subscribers runnable (on a CPU or waiting for one) at a time, on average over the run. */
  runnable: number;
  /** The main thread's system time (the kernel's share of it: socket writes, wake-ups), ms. */
  mainSys: number;
  /** Reads per subscriber, mean. */
  chunks: number;
  /** CPU time during the run, ms: this process's threads by kind, and all subscribers. */
  cpu: { main: number; pool: number; other: number; subscribers: number };
  /** Time runnable but waiting for a CPU during the run, ms (schedstat): the publisher's main thread, and all subscribers. */
  wait: { main: number; subscribers: number };
}

/** Nanoseconds on a CPU of each thread of this process (schedstat), by thread id, with its name. */
function threadCpu(): Map<string, { name: string; ns: number }> {
  const threads = new Map<string, { name: string; ns: number }>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const ns = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      threads.set(tid, { name: readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim(), ns });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return threads;
}

// All threads are named `node`: libuv's pool threads are the ones that run a burst of pool-only work (pbkdf2).
async function findPoolThreads(): Promise<Set<string>> {
  const before = threadCpu();
  await Promise.all(Array.from({ length: 16 }, () => new Promise((resolve) => pbkdf2('x', 'y', 20_000, 32, 'sha256', resolve))));
  const pool = new Set<string>();
  for (const [tid, now] of threadCpu()) if (now.ns - (before.get(tid)?.ns ?? 0) > 5e6 && tid !== String(process.pid)) pool.add(tid);
  return pool;
}
const POOL_THREADS = await findPoolThreads();

// The main thread, libuv's pool (sqlite3 runs its statements there) and the rest (V8's GC and compiler helpers).
function threadCpuSince(before: Map<string, { name: string; ns: number }>): { main: number; pool: number; other: number } {
  const split = { main: 0, pool: 0, other: 0 };
  for (const [tid, now] of threadCpu()) {
    const ms = (now.ns - (before.get(tid)?.ns ?? 0)) / 1e6;
    if (tid === String(process.pid)) split.main += ms;
    else if (POOL_THREADS.has(tid)) split.pool += ms;
    else split.other += ms;
  }
  return split;
}

/** Nanoseconds the main thread has been runnable but waiting for a CPU (schedstat's second field). */
function mainRunQueueWait(): number {
  return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[1]);
}

/** The main thread's user and system CPU time so far, ms (/proc/self/task/<pid>/stat, clock ticks of 10 ms). */
function mainUserSys(): { user: number; sys: number } {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) * 10, sys: Number(fields[12]) * 10 };
}

/** The machine's idle and total CPU time so far, in clock ticks (first line of /proc/stat). */
function machineTicks(): { idle: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { idle: fields[3] + fields[4], total: fields.reduce((a, b) => a + b, 0) };
}

type Publish = (data: { i: number; t: number; pad: string }) => void;

/** Publishes EVENTS events, BURST per turn of the loop, each stamped with its publish time. */
async function publishAll(publish: Publish, endOfBurst: () => void): Promise<number> {
  const started = wall();
  for (let i = 0; i < EVENTS; i++) {
    publish({ i, t: wall(), pad: PAD });
    if (i % BURST === BURST - 1 || i === EVENTS - 1) {
      endOfBurst();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return started;
}

/** Binds every thread of a process to one CPU. */
const pin = (pid: number, cpu: number): void => void execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
if (PIN) pin(process.pid, 0);

async function measure(children: Child[], publish: Publish, endOfBurst: () => void, connected: () => boolean): Promise<Outcome> {
  await Promise.all(children.map((c) => c.line((v: { ready?: boolean }) => v.ready === true)));
  if (PIN) for (const c of children) pin(c.proc.pid as number, 1);
  while (!connected()) await new Promise((resolve) => setTimeout(resolve, 10));
  const done = Promise.all(children.map((c) => c.line<SubscriberResult>((v) => Array.isArray(v.latencies))));
  done.catch(() => {});
  const threadsBefore = threadCpu();
  const ticksBefore = machineTicks();
  const mainBefore = mainUserSys();
  const waitBefore = mainRunQueueWait();
  const started = await publishAll(publish, endOfBurst);
  const published = wall();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`subscribers did not receive ${EVENTS} events within ${DEADLINE_MS} ms`)), DEADLINE_MS);
  });
  const results = await Promise.race([done, deadline]).finally(() => clearTimeout(timer));
  const threads = threadCpuSince(threadsBefore);
  const ticks = machineTicks();
  const mainAfter = mainUserSys();
  const mainWait = (mainRunQueueWait() - waitBefore) / 1e6;
  const latencies = results.flatMap((r) => r.latencies);
  const tenth = (r: SubscriberResult): number => Math.max(1, Math.floor(r.latencies.length / 10));
  const delivered = results.reduce((n, r) => n + r.received, 0);
  const end = Math.max(...results.map((r) => r.last));
  const subscribersCpu = results.reduce((n, r) => n + r.cpuUs, 0) / 1000;
  const subscribersWait = results.reduce((n, r) => n + r.waitUs, 0) / 1000;
  return {
    deliveriesPerSec: delivered / ((end - started) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    early: percentile(results.flatMap((r) => r.latencies.slice(0, tenth(r))), 50),
    late: percentile(results.flatMap((r) => r.latencies.slice(-tenth(r))), 50),
    missed: results.reduce((n, r) => n + r.missed, 0),
    publishMs: published - started,
    tailMs: end - published,
    idleShare: (ticks.idle - ticksBefore.idle) / (ticks.total - ticksBefore.total),
    runnable: (subscribersCpu + subscribersWait) / (end - started),
    cpuShare: (threads.main + threads.pool + threads.other + subscribersCpu) / (availableParallelism() * (end - started)),
    chunks: results.reduce((n, r) => n + r.chunks, 0) / results.length,
    mainSys: mainAfter.sys - mainBefore.sys,
    cpu: { ...threads, subscribers: subscribersCpu },
    wait: { main: mainWait, subscribers: subscribersWait },
  };
}

async function rawRun(path: string): Promise<Outcome> {
  const server = await startRawBroadcast(path);
  onCleanup(server.close);
  const children = Array.from({ length: SUBSCRIBERS }, () => startChild([SUBSCRIBER, 'raw'], { BENCH_SOCKET: path, BENCH_EVENTS: String(EVENTS) }));
  let burst: Buffer[] = [];
  const outcome = await measure(
    children,
    (data) => burst.push(rawFrame({ kind: 'event', type: 'bench.tick', data })),
    () => {
      const bytes = Buffer.concat(burst);
      burst = [];
      for (const socket of server.clients) socket.write(bytes);
    },
    () => server.clients.length === SUBSCRIBERS,
  );
  await server.close();
  return outcome;
}

async function busRun(parent: string, lingerMs: number, tag: string): Promise<Outcome> {
  const dir = join(parent, tag);
  await mkdir(dir, { recursive: true });
  const store = await openStore(join(dir, 'bus.sqlite'), { retentionTransitions: 1000, retentionEvents: 100_000, log: quietLog });
  onCleanup(() => store.close());
  const server = await benchModuleServer(dir);
  const bus = new EventBus({ store, socket: server, log: quietLog, lingerMs });
  server.on('disconnected', ({ instanceId }) => bus.dropInstance(instanceId));
  server.on('drain', ({ instanceId }) => bus.drained(instanceId));
  const router = new ApiRouter({ rateLimit: 1000 });
  registerBusMethods(router, bus, DEFAULT_MAX_FRAME);
  server.setRequestHandler(router.handle);
  const children = Array.from({ length: SUBSCRIBERS }, (_, i) => {
    const inst = { module: `sub${i}`, instanceId: `sub${i}-1`, token: `token-${i}`, capabilities: ['subscribe_events'] };
    server.expect(inst);
    return startChild([SUBSCRIBER, 'blvm'], {
      BLVM_SOCKET: server.socketPath,
      BLVM_MODULE: inst.module,
      BLVM_TOKEN: inst.token,
      BENCH_EVENTS: String(EVENTS),
    });
  });
  const outcome = await measure(children, (data) => void bus.publish('bench.tick', 'bench', data), () => {}, () => true);
  bus.detach();
  await server.close();
  return outcome;
}

/** `raw`, `bus` (the shipped linger), `bus0` (linger off), or `bus@<ms>`: the bus with another linger. */
type Side = string;
const SUMMARY_SIDES: Side[] = ['raw', 'bus', 'bus0'];
/** BENCH_FANOUT_LINGERS=1,2 (ms, comma-separated) adds a bus side per linger, in the same interleaved rounds. */
const ALL_SIDES: Side[] = [...SUMMARY_SIDES, ...(process.env.BENCH_FANOUT_LINGERS ?? '').split(',').filter(Boolean).map((ms) => `bus@${Number(ms)}`)];
/** BENCH_FANOUT_SIDES=bus (comma-separated) runs only those sides, e.g. for a CPU profile of the bus alone. */
const SIDES = process.env.BENCH_FANOUT_SIDES ? ALL_SIDES.filter((side) => (process.env.BENCH_FANOUT_SIDES as string).split(',').includes(side)) : ALL_SIDES;
const lingerOf = (side: Side): number => (side === 'bus' ? LINGER_MS : side === 'bus0' ? 0 : Number(side.slice('bus@'.length)));
const sideLabel = (side: Side): string =>
  side === 'raw' ? 'raw broadcast' : side === 'bus0' ? 'blvm event bus, linger off' : `blvm event bus (linger ${lingerOf(side)} ms)`;

await runBench(async () => {
  const dir = await benchDir('blvm-bench-fanout-');
  const runs: Record<Side, Outcome[]> = Object.fromEntries(SIDES.map((side) => [side, []]));
  const rows: Record<string, string | number>[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const side of roundOrder(SIDES, round - 1)) {
      const tag = `${side}-${round}`;
      const outcome = side === 'raw' ? await rawRun(join(dir, `${tag}.sock`)) : await busRun(dir, lingerOf(side), tag);
      runs[side].push(outcome);
      rows.push({
        round,
        side: sideLabel(side),
        'deliveries/s': Math.round(outcome.deliveriesPerSec),
        'p50 ms': outcome.p50,
        'p99 ms': outcome.p99,
        'first tenth p50 ms': outcome.early,
        'last tenth p50 ms': outcome.late,
        missed: outcome.missed,
        'publish loop ms': Math.round(outcome.publishMs),
        'publisher on a CPU ms': Math.round(outcome.cpu.main),
        'publisher waits for a CPU ms': Math.round(outcome.wait.main),
        'tail ms': Math.round(outcome.tailMs),
        'share of the CPUs %': Math.round(outcome.cpuShare * 100),
        'subscribers runnable': Math.round(outcome.runnable),
      });
    }
  }
  printTable(`event fan-out: ${EVENTS} events to ${SUBSCRIBERS} subscriber processes (${EVENTS * SUBSCRIBERS} deliveries), ${ROUNDS} rounds`, rows);
  const perDelivery = (ms: number): number => (ms * 1000) / (EVENTS * SUBSCRIBERS);
  const med = (side: Side, f: (o: Outcome) => number): number => median(runs[side].map(f));
  printTable('medians over the rounds; CPU per delivery during the run, µs (this process by thread; the subscribers summed)', SIDES.map((side) => ({
    side: sideLabel(side),
    'deliveries/s': Math.round(med(side, (o) => o.deliveriesPerSec)),
    'p99 ms': med(side, (o) => o.p99),
    'publisher main': med(side, (o) => perDelivery(o.cpu.main)),
    '… of it kernel': med(side, (o) => perDelivery(o.mainSys)),
    'libuv pool (sqlite)': med(side, (o) => perDelivery(o.cpu.pool)),
    'other threads': med(side, (o) => perDelivery(o.cpu.other)),
    subscribers: med(side, (o) => perDelivery(o.cpu.subscribers)),
    total: med(side, (o) => perDelivery(o.cpu.main + o.cpu.pool + o.cpu.other + o.cpu.subscribers)),
    'reads/subscriber': Math.round(med(side, (o) => o.chunks)),
    'publish loop ms': Math.round(med(side, (o) => o.publishMs)),
    'publisher waits for a CPU ms': Math.round(med(side, (o) => o.wait.main)),
    'subscribers wait µs': med(side, (o) => perDelivery(o.wait.subscribers)),
    'tail ms': Math.round(med(side, (o) => o.tailMs)),
    'machine idle %': Math.round(med(side, (o) => o.idleShare) * 100),
    'share of the CPUs %': Math.round(med(side, (o) => o.cpuShare) * 100),
    'subscribers runnable': Math.round(med(side, (o) => o.runnable)),
  })));
  if (!SUMMARY_SIDES.every((side) => SIDES.includes(side))) return;
  const bySide = (f: (o: Outcome) => number): Record<'raw' | 'bus' | 'bus0', number> => ({ raw: med('raw', f), bus: med('bus', f), bus0: med('bus0', f) });
  const rate = bySide((o) => o.deliveriesPerSec);
  const p99s = bySide((o) => o.p99);
  const throughput = ratio(rate.bus, rate.raw);
  const p99 = ratio(p99s.bus, p99s.raw);
  console.log(`ratio blvm/raw deliveries per second: ${throughput} (linger off: ${ratio(rate.bus0, rate.raw)})`);
  console.log(`ratio blvm/raw p99 latency: ${p99} (linger off: ${ratio(p99s.bus0, p99s.raw)})`);
  await writeSummary('event-fanout', [
    goalRow(`event fan-out to ${SUBSCRIBERS} processes / raw broadcast`, `${throughput} (${Math.round(rate.bus)} vs ${Math.round(rate.raw)}/s)`, '≥ 1.00x', meets([rate.bus, rate.raw], (b, r) => b / r >= 1)),
    goalRow('event fan-out p99 / raw broadcast p99', `${p99} (${p99s.bus.toFixed(1)} vs ${p99s.raw.toFixed(1)} ms)`, '≤ 1.50x', meets([p99s.bus, p99s.raw], (b, r) => b / r <= 1.5)),
    { metric: 'fan-out blvm/raw with event_linger off (p99)', value: `${ratio(rate.bus0, rate.raw)} (${ratio(p99s.bus0, p99s.raw)})` },
  ]);
});
