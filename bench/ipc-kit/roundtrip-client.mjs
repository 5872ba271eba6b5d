// One client process of bench/ipc-roundtrip.ts. `raw`: plain length-prefixed JSON echo over
// BENCH_SOCKET. `blvm`: the blvm SDK (env BLVM_*), calling the module API method bench.echo.
// Runs the same workload in both and prints one JSON line with the timings (and its CPU time,
// system calls and sleeps in the pipelined phase).
import { connect as netConnect } from 'node:net';
import { counterDelta, processCounters } from './process-counters.ts';
import { frame, readFrames } from './raw-frames.mjs';

const mode = process.argv[2];
const SEQUENTIAL = Number(process.env.BENCH_RT_SEQUENTIAL ?? 20000);
const PIPELINED = Number(process.env.BENCH_RT_PIPELINED ?? 50000);
const WINDOW = 64;
const now = () => performance.now();


async function rawCaller() {
  const socket = netConnect(process.env.BENCH_SOCKET);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.setNoDelay?.(true);
  const pending = new Map();
  let nextId = 1;
  readFrames(socket, (f) => {
    const resolve = pending.get(f.id);
    pending.delete(f.id);
    resolve?.(f.result);
  });
  return {
    call: (n) => {
      const id = nextId++;
      socket.write(frame({ kind: 'request', id, method: 'echo', params: { n } }));
      return new Promise((resolve) => pending.set(id, resolve));
    },
    close: async () => socket.end(),
  };
}

async function blvmCaller() {
  const { connect } = await import('../../src/sdk/index.ts');
  const client = await connect({ exitOnClose: false });
  return { call: (n) => client.request('bench.echo', { n }), close: () => client.close() };
}

async function workload(call) {
  for (let i = 0; i < 2000; i++) await call(i);
  const latencies = new Float64Array(SEQUENTIAL);
  // The parent reads these phase lines to take its own counters at the start of each phase.
  process.stdout.write('{"phase":"sequential"}\n');
  const seqCountersStart = processCounters();
  const seqStart = now();
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t0 = now();
    await call(i);
    latencies[i] = now() - t0;
  }
  const seqMs = now() - seqStart;
  const seqCounters = counterDelta(seqCountersStart, processCounters());
  let issued = 0;
  process.stdout.write('{"phase":"pipelined"}\n');
  const countersStart = processCounters();
  const pipeStart = now();
  const lane = async () => {
    while (issued < PIPELINED) await call(issued++);
  };
  await Promise.all(Array.from({ length: WINDOW }, lane));
  const pipeMs = now() - pipeStart;
  const counters = counterDelta(countersStart, processCounters());
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const pick = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { sequential: SEQUENTIAL, seqMs, p50Us: pick(50) * 1000, p99Us: pick(99) * 1000, pipelined: PIPELINED, pipeMs, counters, seqCounters };
}

const caller = mode === 'blvm' ? await blvmCaller() : await rawCaller();
const result = await workload(caller.call);
process.stdout.write(`${JSON.stringify({ mode, ...result })}\n`);
await caller.close();
process.exit(0);
