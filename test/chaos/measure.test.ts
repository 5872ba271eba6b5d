import test from 'ava';
import { measureRecovery } from '../../src/chaos/measure.js';

const t = (id: number, at: number, from: string, to: string) => ({ id, at, from, to, event: 'x' });

test('detection is the first transition after the injection and recovery the return to healthy', (tt) => {
  const rows = [t(1, 50, 'execution', 'monitoring.healthy'), t(2, 110, 'monitoring.healthy', 'verification'), t(3, 130, 'verification', 'loading'), t(4, 180, 'execution', 'monitoring.healthy')];
  tt.deepEqual(measureRecovery(rows, 100), { detectMs: 10, recoverMs: 80 });
});

test('a module still down has a detection time but no recovery', (tt) => {
  tt.deepEqual(measureRecovery([t(1, 120, 'monitoring.healthy', 'backoff')], 100), { detectMs: 20, recoverMs: null });
});

test('nothing recorded after the injection means neither', (tt) => {
  tt.deepEqual(measureRecovery([t(1, 50, 'execution', 'monitoring.healthy')], 100), { detectMs: null, recoverMs: null });
});

test('a degraded module that becomes healthy again recovers without a restart', (tt) => {
  const rows = [t(1, 200, 'monitoring.healthy', 'monitoring.degraded'), t(2, 900, 'monitoring.degraded', 'monitoring.healthy')];
  tt.deepEqual(measureRecovery(rows, 100), { detectMs: 100, recoverMs: 800 });
});

test('transitions stamped to a hundredth of a millisecond give whole-millisecond times, as the injection is stamped (issue 19)', (tt) => {
  const rows = [t(1, 110.53, 'monitoring.healthy', 'backoff'), t(2, 322.53, 'execution', 'monitoring.healthy')];
  tt.deepEqual(measureRecovery(rows, 100), { detectMs: 11, recoverMs: 223 });
});
