import test from 'ava';
import { classifyExit } from '../../../actors/policies/classify-exit.js';
import type { ExitRecord } from '../../../src/process/types.js';

function exit(overrides: Partial<ExitRecord>): ExitRecord {
  return { code: 1, signal: null, reason: 'crashed', byUs: false, uptimeMs: 10, at: 0, ...overrides };
}

const clean = exit({ code: 0, reason: 'exited' });
const crashed = exit({ code: 1, reason: 'crashed' });
const killed = exit({ code: null, signal: 'SIGSEGV', reason: 'crashed' });
const timedOut = exit({ code: null, signal: 'SIGKILL', reason: 'ready_timeout', byUs: true });

test('exit code 78 quarantines at once for every restart type, even during a requested stop', (t) => {
  const config = exit({ code: 78, reason: 'crashed' });
  for (const restart of ['permanent', 'transient', 'temporary'] as const) {
    t.is(classifyExit(config, restart, false), 'quarantine');
    t.is(classifyExit(config, restart, true), 'quarantine');
  }
});

test('an exit after a stop we requested is never restarted', (t) => {
  const stopped = exit({ code: 0, reason: 'stopped', byUs: true });
  for (const restart of ['permanent', 'transient', 'temporary'] as const) {
    t.is(classifyExit(stopped, restart, true), 'stop');
    t.is(classifyExit(crashed, restart, true), 'stop');
  }
});

test('a permanent module restarts on any exit, clean or not', (t) => {
  for (const record of [clean, crashed, killed, timedOut]) t.is(classifyExit(record, 'permanent', false), 'restart');
});

test('a transient module stays down after a clean exit and restarts after anything else', (t) => {
  t.is(classifyExit(clean, 'transient', false), 'stop');
  t.is(classifyExit(crashed, 'transient', false), 'restart');
  t.is(classifyExit(killed, 'transient', false), 'restart');
  t.is(classifyExit(timedOut, 'transient', false), 'restart');
});

test('a temporary module never restarts', (t) => {
  for (const record of [clean, crashed, killed, timedOut]) t.is(classifyExit(record, 'temporary', false), 'stop');
});
