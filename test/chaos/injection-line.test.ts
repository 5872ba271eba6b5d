import test from 'ava';
import { formatReport, buildReport, injectionLine, type InjectionResult } from '../../src/chaos/report.js';

const result = (over: Partial<InjectionResult>): InjectionResult => ({
  kind: 'kill',
  module: 'a',
  injectedAt: 0,
  detectMs: 12,
  recoverMs: 340,
  restarts: 1,
  quarantined: false,
  ...over,
});

test('chaos progress lines are words, never "recover never ms" or "detect - ms" (issue 20)', (t) => {
  t.is(injectionLine(result({}), 1), 'kill a #1: detected after 12 ms, recovered after 340 ms, 1 restart');
  t.is(injectionLine(result({ detectMs: null, recoverMs: null, restarts: 0 }), 2), 'kill a #2: no reaction seen, did not recover, 0 restarts');
  t.is(injectionLine(result({ kind: 'crash-loop', recoverMs: null, quarantined: true, restarts: 5 }), 3), 'crash-loop a #3: detected after 12 ms, QUARANTINED, 5 restarts');
  const report = formatReport(buildReport('s', [result({ detectMs: null, recoverMs: null })], 0, 0, { lost_events: 0, orphans: 0, allow_quarantine: false } as never));
  t.notRegex(report, /never ms|- ms/);
});
