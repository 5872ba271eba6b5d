import test from 'ava';
import type { InspectionEvent } from 'xstate';
import { OutputTails } from '../../src/daemon/output-tails.js';
import { TransitionRecorder } from '../../src/daemon/transition-recorder.js';
import { silentLogger } from '../../src/log/logger.js';
import type { Store } from '../../src/store/index.js';

function snapshotEvent(state: string): InspectionEvent {
  const context = { lastExits: [], quarantine: null, problems: [], version: '1.0.0', desired: 'running', restarts: 0 };
  return { type: '@xstate.snapshot', actorRef: { systemId: 'module:m' }, snapshot: { value: state, context }, event: { type: 'test.step' } } as unknown as InspectionEvent;
}

test('a transition is stored and told to live listeners with the same sub-millisecond time (issue 19)', (t) => {
  const stored: { at: number; to: string }[] = [];
  const store = { appendTransition: (row: { at: number; to: string }) => stored.push(row), upsertModule: () => {}, appendExit: () => {} } as unknown as Store;
  const recorder = new TransitionRecorder(store, new OutputTails(), silentLogger);
  const live: number[] = [];
  recorder.onTransition(({ at }) => live.push(at));
  const before = Date.now();
  recorder.inspect(snapshotEvent('loading'));
  recorder.inspect(snapshotEvent('execution'));
  const after = Date.now();
  t.deepEqual(stored.map((row) => row.to), ['loading', 'execution']);
  t.deepEqual(live, stored.map((row) => row.at), 'the page merging stored and live transitions sees one time for each');
  for (const { at } of stored) {
    t.true(at >= before && at < after + 1, `${at} lies within the call (${before}–${after})`);
    t.is(Math.round(at * 100) / 100, at, 'kept to a hundredth of a millisecond');
  }
});
