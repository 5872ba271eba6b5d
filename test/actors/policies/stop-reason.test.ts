import test from 'ava';
import { isRequestedStop, stopCommand, stopDestination, strongerStop } from '../../../actors/policies/stop-reason.js';

test('requested stops are graceful and faults kill at once naming the fault', (t) => {
  t.deepEqual(stopCommand('operator'), { type: 'process.stop', reason: 'stopped', graceful: true });
  t.deepEqual(stopCommand('restart'), { type: 'process.stop', reason: 'stopped', graceful: true });
  t.deepEqual(stopCommand('ping_timeout'), { type: 'process.stop', reason: 'ping_timeout', graceful: false });
  t.deepEqual(stopCommand('memory_limit'), { type: 'process.stop', reason: 'memory_limit', graceful: false });
});

test('a later stop request replaces the current one only when it goes further', (t) => {
  t.is(strongerStop(null, 'ready_timeout'), 'ready_timeout');
  t.is(strongerStop('ready_timeout', 'dependency'), 'dependency');
  t.is(strongerStop('restart', 'shutdown'), 'shutdown');
  t.is(strongerStop('shutdown', 'restart'), 'shutdown');
  t.is(strongerStop('operator', 'dependency'), 'operator');
});

test('faults are not requested stops, so their exits go through the restart policy', (t) => {
  t.false(isRequestedStop(null));
  t.false(isRequestedStop('disconnected'));
  t.true(isRequestedStop('dependency'));
  t.true(isRequestedStop('reload'));
});

test('each requested stop names where the module goes once the child is gone', (t) => {
  t.is(stopDestination('operator'), 'stopped');
  t.is(stopDestination('shutdown'), 'stopped');
  t.is(stopDestination('dependency'), 'waitingForDependencies');
  t.is(stopDestination('restart'), 'waitingForDependencies');
  t.is(stopDestination('reload'), 'verification');
});
