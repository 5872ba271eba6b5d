#!/usr/bin/env node
// crash-test: a bundled module that misbehaves on purpose, as its config says, so that
// supervision, limits and recovery can be exercised and measured (`blvm chaos`, tests).
import { connect } from 'blvm/sdk';
import { parseRate, parseMs } from './units.js';

const client = await connect();
const config = await client.config();
const log = (message) => client.log('info', message);

const crashAfter = parseMs(config.crash_after);
const hangAfter = parseMs(config.hang_after);
const leakRate = parseRate(config.leak_rate);
const exitCode = Number.isInteger(config.exit_code) ? config.exit_code : 1;

if (config.fail_start === true) {
  process.stderr.write('crash-test: failing at start as configured (fail_start = true)\n');
  process.exit(exitCode);
}

await client.ready();
log(`crash-test ready (crash_after=${config.crash_after ?? 'never'}, hang_after=${config.hang_after ?? 'never'}, leak_rate=${config.leak_rate ?? 'none'})`);

if (crashAfter !== null) {
  setTimeout(() => {
    process.stderr.write(`crash-test: exiting with code ${exitCode} after ${config.crash_after} as configured\n`);
    process.exit(exitCode);
  }, crashAfter);
}

if (hangAfter !== null) {
  setTimeout(() => {
    process.stderr.write(`crash-test: blocking the event loop after ${config.hang_after} as configured\n`);
    for (;;) {
      // a hung module: no pongs, no requests, nothing
    }
  }, hangAfter);
}

// Grows memory at `rate` bytes per second until something (the node's max_memory) stops it.
function balloon(rate) {
  const hoard = [];
  const perTick = Math.max(1, Math.round(rate / 10));
  setInterval(() => hoard.push(Buffer.alloc(perTick, 1)), 100);
}

if (leakRate !== null) balloon(leakRate);

// The node's `memory` fault (blvm chaos) sends SIGUSR2: balloon at balloon_rate from now on.
process.on('SIGUSR2', () => {
  process.stderr.write(`crash-test: SIGUSR2, ballooning at ${config.balloon_rate ?? '64MiB/s'}\n`);
  balloon(parseRate(config.balloon_rate ?? '64MiB/s'));
});

setInterval(() => {}, 60_000);
