import test from 'ava';
import { mergeLive } from '../../src/inspector/page/history-merge.js';
import type { TransitionView } from '../../src/inspector/wire-types.js';

function step(at: number, from: string, to: string, event: string, id?: number): TransitionView {
  return { id, module: 'm', from, to, event, label: event, at, active: [], edges: [], taken: null, start: false };
}

test('a live transition that arrived while the history was fetched is kept when the answer predates it (the page lost the crash row)', (t) => {
  const stored = [step(1, 'loading', 'monitoring.healthy', 'child.ready', 1)];
  const live = [step(2, 'monitoring.healthy', 'backoff', 'child.exited')];
  t.deepEqual(
    mergeLive(stored, live).map((s) => s.event),
    ['child.ready', 'child.exited'],
  );
});

test('a live transition the stored answer already holds is not listed twice', (t) => {
  const stored = [step(1, 'loading', 'monitoring.healthy', 'child.ready', 1), step(2, 'monitoring.healthy', 'backoff', 'child.exited', 2)];
  const live = [step(2, 'monitoring.healthy', 'backoff', 'child.exited'), step(3, 'backoff', 'loading', 'after backoff')];
  const merged = mergeLive(stored, live);
  t.deepEqual(merged.map((s) => s.at), [1, 2, 3]);
  t.is(merged[1].id, 2, 'the stored row, with its id, is the one kept');
});
