// One subscriber process of bench/event-fanout.ts, plain Node.js. `raw`: reads broadcast
// frames. `blvm`: hello with BLVM_TOKEN, events.subscribe to bench.*, ready, then reads event
// envelopes. Prints {ready:true} once set up, then one JSON line with the latencies of every
// event (now − the publisher's timestamp) and the process's CPU time (µs) from ready to the
// last event, its time waiting for a CPU while runnable (µs, schedstat's second field) and the
// number of reads (chunks) it took, once BENCH_EVENTS events arrived.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { frame, readFrames } from './raw-frames.mjs';

const mode = process.argv[2];
const EXPECTED = Number(process.env.BENCH_EVENTS);
const wall = () => performance.timeOrigin + performance.now();
const socket = connect(mode === 'blvm' ? process.env.BLVM_SOCKET : process.env.BENCH_SOCKET);
const latencies = [];
let missed = 0;
let last = 0;
let cpuAtReady = null;
let chunks = 0;
let waitAtReady = 0;
/** Nanoseconds this process spent runnable but waiting for a CPU (/proc/self/schedstat, second field). */
const runQueueWait = () => Number(readFileSync('/proc/self/schedstat', 'utf8').split(' ')[1]);
const markReady = () => {
  cpuAtReady = process.cpuUsage();
  waitAtReady = runQueueWait();
  process.stdout.write('{"ready":true}\n');
};

function onEvent(data) {
  last = wall();
  latencies.push(last - data.t);
  if (latencies.length + missed >= EXPECTED) {
    const cpu = process.cpuUsage(cpuAtReady ?? undefined);
    const waitUs = (runQueueWait() - waitAtReady) / 1000;
    process.stdout.write(`${JSON.stringify({ received: latencies.length, missed, last, cpuUs: cpu.user + cpu.system, waitUs, chunks, latencies })}\n`);
    process.exit(0);
  }
}

readFrames(socket, (f) => {
  if (mode === 'raw') return onEvent(f.data);
  if (f.kind === 'welcome') {
    socket.write(frame({ kind: 'request', id: 1, method: 'events.subscribe', params: { types: ['bench.*'], queue_limit: 100000 } }));
    socket.write(frame({ kind: 'request', id: 2, method: 'ready', params: {} }));
  } else if (f.kind === 'response' && f.id === 2) markReady();
  else if (f.kind === 'response' && f.error) {
    process.stderr.write(`subscriber: ${f.error.code}: ${f.error.message}\n`);
    process.exit(1);
  } else if (f.kind === 'ping') socket.write(frame({ kind: 'pong', id: f.id }));
  else if (f.kind === 'event' && f.type === 'EventsDropped') missed += f.data.missed;
  else if (f.kind === 'event') onEvent(f.data);
});
socket.on('data', () => chunks++);
socket.on('connect', () => {
  if (mode === 'blvm') socket.write(frame({ kind: 'hello', module: process.env.BLVM_MODULE, token: process.env.BLVM_TOKEN, protocol: 1 }));
  else markReady();
});
socket.on('close', () => process.exit(latencies.length + missed >= EXPECTED ? 0 : 1));
socket.on('error', (error) => process.stderr.write(`subscriber: ${error.message}\n`));
