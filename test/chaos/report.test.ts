import test from 'ava';
import { buildReport, formatReport, percentile, type InjectionResult } from '../../src/chaos/report.js';

const result = (over: Partial<InjectionResult>): InjectionResult => ({
  kind: 'kill',
  module: 'm',
  injectedAt: 0,
  detectMs: 5,
  recoverMs: 100,
  restarts: 1,
  quarantined: false,
  ...over,
});

test('percentiles are nearest-rank and empty input has none', (t) => {
  t.is(percentile([5, 1, 3, 2, 4], 50), 3);
  t.is(percentile([5, 1, 3, 2, 4], 99), 5);
  t.is(percentile([], 50), null);
});

test('injections are grouped per fault and module with consistent counts', (t) => {
  const report = buildReport('s', [result({ recoverMs: 100 }), result({ recoverMs: 300 }), result({ kind: 'hang', restarts: 0 })], 0, 0, {
    lost_events: 0,
    orphans: 0,
    allow_quarantine: false,
  });
  t.true(report.ok);
  const kill = report.rows.find((r) => r.kind === 'kill')!;
  t.is(kill.injections, 2);
  t.is(kill.restarts, 2);
  t.is(kill.recover_p50, 100);
  t.is(kill.recover_max, 300);
  t.is(report.rows.length, 2);
});

test('each missed objective is named with the measured value and the limit', (t) => {
  const report = buildReport('s', [result({ recoverMs: 2500 }), result({ recoverMs: null, quarantined: true })], 2, 1, {
    recover_p99: 2000,
    max_restarts: 1,
    lost_events: 0,
    orphans: 0,
    allow_quarantine: false,
  });
  t.false(report.ok);
  t.deepEqual(report.breaches, [
    'kill m: 1 of 2 injection(s) did not recover',
    'kill m: the module was quarantined',
    'kill m: recover_p99 2500 ms > 2000 ms',
    'kill m: 2 restarts > max_restarts 1',
    'durable subscribers missed 2 event(s) (allowed 0)',
    '1 orphaned process(es) left behind (allowed 0)',
  ]);
  t.regex(formatReport(report), /SLO: BREACHED/);
});

test('an allowed quarantine does not count as a failure to recover', (t) => {
  const report = buildReport('s', [result({ recoverMs: null, quarantined: true })], 0, 0, {
    lost_events: 0,
    orphans: 0,
    allow_quarantine: true,
  });
  t.true(report.ok);
});
