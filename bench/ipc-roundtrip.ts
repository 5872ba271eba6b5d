// Module API request round trip against a raw length-prefixed JSON ping-pong over a Unix
// socket, both measured in this run with the same client workload (a child process): one
// request at a time (latency) and 64 in flight (throughput). The blvm side is the node's
// module socket and API router (rate limiter and capability check included) with the SDK as
// client; the raw side is a bare echo server and a bare client. Prints ratios; asserts nothing.
// Run: npx tsx bench/ipc-roundtrip.ts   (BENCH_RT_ROUNDS, BENCH_RT_SEQUENTIAL, BENCH_RT_PIPELINED)
import { join } from 'node:path';
import { ApiRouter } from '../src/api/api-router.js';
import { benchModuleServer } from './ipc-kit/bench-server.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { benchDir, onCleanup, quietLog, runBench, startChild } from './ipc-kit/children.js';
import { counterDelta, processCounters, type Counters } from './ipc-kit/process-counters.js';
import { startRawEcho } from './ipc-kit/raw-server.js';
import { goalRow, median, meets, printTable, ratio, writeSummary } from './stats.js';

const ROUNDS = Number(process.env.BENCH_RT_ROUNDS ?? 3);
const CLIENT = join(PACKAGE_ROOT, 'bench', 'ipc-kit', 'roundtrip-client.mjs');

interface ClientResult {
  sequential: number;
  seqMs: number;
  p50Us: number;
  p99Us: number;
  pipelined: number;
  pipeMs: number;
  /** The client's counters over the pipelined phase. */
  counters: Counters;
  /** This process's (the server side's) counters over the same phase. */
  server: Counters;
  /** The same two over the sequential phase. */
  seqCounters: Counters;
  seqServer: Counters;
}

// Each counter of each round divided by the requests, then the median over the rounds.
function perRequest(rounds: Counters[], requests: number): Record<string, number> {
  const per = (k: keyof Counters) => median(rounds.map((c) => c[k] / requests));
  return { 'user µs': per('userUs'), 'system µs': per('systemUs'), reads: per('reads'), writes: per('writes'), sleeps: per('sleeps') };
}

await runBench(async () => {
  const dir = await benchDir('blvm-bench-roundtrip-');
  const raw = await startRawEcho(join(dir, 'raw.sock'));
  onCleanup(raw.close);
  const server = await benchModuleServer(dir);
  const router = new ApiRouter({ rateLimit: 1e9 });
  router.register('bench.echo', { capability: null, handler: async (_ctx, params) => params });
  server.setRequestHandler(router.handle);

  const results: Record<'raw' | 'blvm', ClientResult[]> = { raw: [], blvm: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const mode of ['raw', 'blvm'] as const) {
      const inst = { module: 'bench', instanceId: `bench-${round}`, token: `bench-token-${round}`, capabilities: [] };
      server.expect(inst);
      const env: Record<string, string> =
        mode === 'raw'
          ? { BENCH_SOCKET: join(dir, 'raw.sock') }
          : { BLVM_SOCKET: server.socketPath, BLVM_MODULE: inst.module, BLVM_TOKEN: inst.token, BLVM_DATA_DIR: dir, BLVM_CONFIG: join(dir, 'none.json') };
      const child = startChild(['--import', 'tsx', CLIENT, mode], env);
      const phase = (name: string) => child.line<{ phase?: string }>((v) => v.phase === name);
      await phase('sequential');
      const seqStart = processCounters();
      await phase('pipelined');
      const pipeStart = processCounters();
      const seqServer = counterDelta(seqStart, pipeStart);
      const result = await child.line<ClientResult>((v) => 'pipeMs' in v);
      results[mode].push({ ...result, server: counterDelta(pipeStart, processCounters()), seqServer });
      server.forget(inst.instanceId);
    }
  }

  const row = (mode: 'raw' | 'blvm') => {
    const r = results[mode];
    return {
      seqUs: median(r.map((x) => (x.seqMs * 1000) / x.sequential)),
      p50Us: median(r.map((x) => x.p50Us)),
      p99Us: median(r.map((x) => x.p99Us)),
      opsPerSec: median(r.map((x) => x.pipelined / (x.pipeMs / 1000))),
      server: perRequest(r.map((x) => x.server), r[0].pipelined),
      client: perRequest(r.map((x) => x.counters), r[0].pipelined),
      seqServer: perRequest(r.map((x) => x.seqServer), r[0].sequential),
      seqClient: perRequest(r.map((x) => x.seqCounters), r[0].sequential),
    };
  };
  const r = row('raw');
  const b = row('blvm');
  printTable(`request round trip, median of ${ROUNDS} rounds (${results.raw[0].sequential} sequential, ${results.raw[0].pipelined} with 64 in flight)`, [
    { side: 'raw ping-pong', 'µs/request': r.seqUs, 'p50 µs': r.p50Us, 'p99 µs': r.p99Us, 'requests/s (64 in flight)': Math.round(r.opsPerSec) },
    { side: 'blvm module API', 'µs/request': b.seqUs, 'p50 µs': b.p50Us, 'p99 µs': b.p99Us, 'requests/s (64 in flight)': Math.round(b.opsPerSec) },
  ]);
  printTable('pipelined phase, per request (median of rounds): CPU µs (user + system), system calls, sleeps', [
    { side: 'raw server', ...r.server },
    { side: 'blvm node', ...b.server },
    { side: 'raw client', ...r.client },
    { side: 'blvm SDK client', ...b.client },
  ]);
  printTable('sequential phase (one in flight), per request, the same counters', [
    { side: 'raw server', ...r.seqServer },
    { side: 'blvm node', ...b.seqServer },
    { side: 'raw client', ...r.seqClient },
    { side: 'blvm SDK client', ...b.seqClient },
  ]);
  const latency = ratio(b.seqUs, r.seqUs);
  const p99 = ratio(b.p99Us, r.p99Us);
  const throughput = ratio(b.opsPerSec, r.opsPerSec);
  console.log(`ratio blvm/raw round-trip time: ${latency} (p99 ${p99})`);
  console.log(`ratio blvm/raw throughput with 64 in flight: ${throughput}`);
  await writeSummary('ipc-roundtrip', [
    goalRow('IPC request round trip / raw framed ping-pong', `${latency} (${b.seqUs.toFixed(1)} vs ${r.seqUs.toFixed(1)} µs)`, '≤ 1.25x', meets([b.seqUs, r.seqUs], (x, y) => x / y <= 1.25)),
    goalRow('IPC request round trip p99 / raw p99', `${p99} (${b.p99Us.toFixed(1)} vs ${r.p99Us.toFixed(1)} µs)`, '≤ 1.50x', meets([b.p99Us, r.p99Us], (x, y) => x / y <= 1.5)),
    goalRow('pipelined requests (64 in flight) / raw', `${throughput} (${Math.round(b.opsPerSec)} vs ${Math.round(r.opsPerSec)} req/s)`, '≥ 0.90x', meets([b.opsPerSec, r.opsPerSec], (x, y) => x / y >= 0.9)),
  ]);
});
