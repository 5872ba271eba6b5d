import test from 'ava';
import { createActor, SimulatedClock, waitFor } from 'xstate';
import { createModuleMachine } from '../../actors/index.js';
import { OutputTails } from '../../src/daemon/output-tails.js';
import { TransitionRecorder, type TransitionListener } from '../../src/daemon/transition-recorder.js';
import { moduleChartModel } from '../../src/inspector/chart/render-chart.js';
import { stateLookup } from '../../src/inspector/chart/transition-path.js';
import { MAX_PAYLOAD_CHARS, moduleView, nodeEventEntry, transitionEntry, transitionView } from '../../src/inspector/inspection-adapter.js';
import { silentLogger } from '../../src/log/logger.js';
import type { Store } from '../../src/store/index.js';
import type { ModuleStatus } from '../../src/supervision/status-types.js';
import { fakeEffects } from '../actors/helpers/fake-effects.js';
import { fakeProcesses } from '../actors/helpers/fake-process.js';
import { testPolicy } from '../actors/helpers/policy.js';

const lookup = stateLookup(moduleChartModel());
const at = 1_700_000_000_000;
const view = (from: string, to: string, event: string) => transitionView(lookup, { module: 'miner', from, to, event, at });

test('a crash from healthy monitoring takes the root child.exited edge into backoff', (t) => {
  const v = view('monitoring.healthy', 'backoff', 'child.exited');
  t.deepEqual(v.edges, ['edge:module:module.backoff']);
  t.deepEqual(v.active, ['module.backoff']);
  t.is(v.label, 'child.exited');
  t.false(v.start);
});

test('a crash drawn on "any state" names the concrete step out of the state it left (issue 20)', (t) => {
  t.deepEqual(view('monitoring.healthy', 'backoff', 'child.exited').taken, { from: 'module.monitoring.healthy', to: 'module.backoff', edge: 'edge:module:module.backoff' });
  t.deepEqual(view('monitoring.degraded', 'backoff', 'child.exited').taken?.from, 'module.monitoring.degraded');
  t.deepEqual(view('monitoring.healthy', 'loading', 'child.exited').taken, {
    from: 'module.monitoring.healthy',
    to: 'module.waitingForDependencies',
    edge: 'edge:module:module.waitingForDependencies',
  });
});

test('a transition drawn from the state it left, a start, or one the chart cannot place has no separate taken step', (t) => {
  t.is(view('execution', 'monitoring.healthy', 'ipc.ready').taken, null);
  t.is(view('', 'verification', 'xstate.init').taken, null);
  t.is(view('stopped', 'loading', 'module.start').taken, null);
});

test('a record spanning several steps is drawn along the shortest path the chart offers', (t) => {
  const v = view('monitoring.healthy', 'verification', 'child.exited');
  t.deepEqual(v.edges, ['edge:module:module.verification']);
  t.deepEqual(v.active, ['module.verification']);
  const restarted = view('backoff', 'loading', 'xstate.after.backoff.module.backoff');
  t.deepEqual(restarted.edges, ['edge:module.backoff:module.waitingForDependencies', 'edge:module.waitingForDependencies:module.loading'], 'a crash restart loads the verified snapshot again');
  const verified = view('stopped', 'loading', 'module.start');
  t.deepEqual(verified.edges, [], 'stopped → loading needs verification to finish in between, so no single record spans it');
});

test('the first record of a supervisor starts at the initial marker and is flagged as a start', (t) => {
  const v = view('', 'verification', 'xstate.init');
  t.deepEqual(v.edges, ['edge:module#initial:module.discovery', 'edge:module.discovery:module.verification']);
  t.true(v.start);
  t.is(v.label, 'supervisor started');
  t.is(transitionEntry(v).summary, 'miner is being verified');
  t.is(transitionEntry(v).detail, 'start → verification (supervisor started)');
});

test('entering a compound state activates it and its initial child', (t) => {
  const v = view('execution', 'monitoring.healthy', 'ipc.ready');
  t.deepEqual(v.edges, ['edge:module.execution:module.monitoring']);
  t.deepEqual(v.active, ['module.monitoring', 'module.monitoring.healthy']);
});

test('delayed and invoked-actor events are named as the chart labels them', (t) => {
  t.is(view('backoff', 'verification', 'xstate.after.backoff.module.backoff').label, 'after backoff');
  const verified = view('verification', 'loading', 'xstate.done.actor.0.module.verification');
  t.is(verified.label, 'verify done');
  t.deepEqual(verified.edges, ['edge:module.verification:module.waitingForDependencies', 'edge:module.waitingForDependencies:module.loading']);
});

test('an event that only acts, followed by an eventless step, maps to the eventless edge', (t) => {
  t.deepEqual(view('waitingForDependencies', 'loading', 'deps.ready').edges, ['edge:module.waitingForDependencies:module.loading']);
});

test('a transition the chart cannot explain keeps its states and has no edges', (t) => {
  const v = view('stopped', 'monitoring.degraded', 'made.up');
  t.deepEqual(v.edges, []);
  t.deepEqual(v.active, ['module.monitoring', 'module.monitoring.degraded']);
  t.is(v.label, 'made.up');
});

test('stored rows keep their id in the view', (t) => {
  const v = transitionView(lookup, { id: 42, module: 'miner', from: 'quarantined', to: 'verification', event: 'module.release', at });
  t.is(v.id, 42);
  t.deepEqual(v.edges, ['edge:module.quarantined:module.verification']);
});

test('every transition of a real module machine driven through crash, backoff, quarantine and release lands on drawn edges', async (t) => {
  const clock = new SimulatedClock();
  const processes = fakeProcesses();
  const { effects } = fakeEffects(processes);
  const changes: Parameters<TransitionListener>[0][] = [];
  const store = { appendTransition() {}, appendExit() {}, upsertModule() {} } as unknown as Store;
  const recorder = new TransitionRecorder(store, new OutputTails(), silentLogger);
  recorder.onTransition((change) => changes.push(change));
  const machine = createModuleMachine(effects, { random: () => 0.5 }).provide({ actions: { notifyPhase: () => undefined } });
  const actor = createActor(machine, {
    clock,
    systemId: 'module:miner',
    inspect: recorder.inspect,
    input: { name: 'miner', policy: testPolicy({ max_crashes: 3 }), critical: false, hasRequiredDependencies: false },
  });
  actor.start();
  for (let crash = 0; crash < 4; crash++) {
    await waitFor(actor, (s) => s.matches('execution'), { timeout: 1000 });
    const child = processes.latest('miner');
    processes.spawned(child, clock.now());
    actor.send({ type: 'ipc.ready', instanceId: child.instanceId, at: clock.now() });
    processes.exited(child, { at: clock.now() });
    if (actor.getSnapshot().matches('backoff')) clock.increment(actor.getSnapshot().context.backoffMs);
  }
  await waitFor(actor, (s) => s.matches('quarantined'), { timeout: 1000 });
  actor.send({ type: 'module.release' });
  await waitFor(actor, (s) => s.matches('execution'), { timeout: 1000 });
  actor.stop();

  const views = changes.map((c) => transitionView(lookup, c));
  const reached = new Set(views.map((v) => v.to.split('.')[0]));
  for (const phase of ['verification', 'loading', 'execution', 'monitoring', 'backoff', 'quarantined']) t.true(reached.has(phase), `never saw ${phase}`);
  for (const v of views) t.true(v.edges.length > 0, `no edge for ${v.from} → ${v.to} on ${v.event}`);
  const release = views.find((v) => v.from === 'quarantined');
  t.deepEqual(release?.edges[0], 'edge:module.quarantined:module.verification');
});

test('node events name their module and keep small payloads whole', (t) => {
  const entry = nodeEventEntry('ModuleLoaded', { module_id: 'x1', module_name: 'miner', version: '1.0.0' }, at);
  t.is(entry.kind, 'event');
  t.is(entry.module, 'miner');
  t.is(entry.type, 'ModuleLoaded');
  t.is(entry.summary, 'miner is running (version 1.0.0)');
  t.is(entry.stream, 'lifecycle');
  t.deepEqual(entry.payload, { module_id: 'x1', module_name: 'miner', version: '1.0.0' });
  t.is(nodeEventEntry('NewBlock', { height: 3 }, at).module, null);
});

test('a crash is told in words: what the module did, how, and after how long (issue 20)', (t) => {
  const v = view('monitoring.healthy', 'backoff', 'child.exited');
  const exit = { code: null, signal: 'SIGKILL', reason: 'crashed' as const, byUs: false, uptimeMs: 12_000, at };
  const entry = transitionEntry(v, exit);
  t.is(entry.summary, 'miner crashed (SIGKILL) after 12 s; is waiting to restart (back-off)');
  t.is(entry.detail, 'monitoring.healthy → backoff (child.exited)');
  const crashed = nodeEventEntry('ModuleCrashed', { module_id: null, module_name: 'crash-test', reason: 'crashed', code: null, signal: 'SIGKILL', uptime_ms: 12_000, restarts: 1 }, at);
  t.is(crashed.summary, 'crash-test crashed (SIGKILL) after 12 s; 1 restart so far');
  t.notRegex(crashed.summary, /module_id|null/);
});

test('no internal XState event name reaches an operator: labels and summaries use plain words (issue 20)', (t) => {
  const raw = 'xstate.done.actor.0.module.verification';
  t.is(view('verification', 'rejected', raw).label, 'verify done', 'the chart names it');
  t.is(view('nowhere', 'elsewhere', raw).label, 'verification finished', 'without a chart edge it still reads as words');
  const changed = nodeEventEntry('ModuleStateChanged', { module_name: 'miner', from: 'verification', to: 'rejected', event: raw }, at);
  t.notRegex(changed.summary, /xstate/);
  t.is(view('loading', 'backoff', 'xstate.error.actor.0.module.loading').label, 'loading failed');
});

test('chain blocks and module events go to the activity stream, module life to the lifecycle stream (issue 20)', (t) => {
  const block = nodeEventEntry('NewBlock', { hash: 'ab'.repeat(32), height: 7, tx_count: 1 }, at);
  t.is(block.stream, 'activity');
  t.is(block.summary, `new block at height 7 (${'ab'.repeat(8)}…, 1 tx)`);
  t.is(nodeEventEntry('miner.found', { n: 1 }, at).stream, 'activity');
  t.is(nodeEventEntry('ModuleQuarantined', { module_name: 'miner', reason: 'crash budget exhausted' }, at).stream, 'lifecycle');
  t.is(nodeEventEntry('OperatorAction', { action: 'release', module: 'miner', via: 'inspector', from: '127.0.0.1:5000' }, at).summary, 'release on miner requested via inspector from 127.0.0.1:5000');
});

test('a large event payload is cut to a bounded preview', (t) => {
  const entry = nodeEventEntry('NewBlock', { hex: 'ab'.repeat(10_000) }, at);
  const payload = entry.payload as { truncated: boolean; preview: string };
  t.true(payload.truncated);
  t.is(payload.preview.length, MAX_PAYLOAD_CHARS);
  t.true(entry.summary.length <= 160);
});

const baseStatus: ModuleStatus = {
  name: 'miner',
  version: '1.0.0',
  phase: 'monitoring',
  state: 'monitoring.healthy',
  pid: 123,
  restarts: 0,
  uptime_ms: 5,
  last_exit: null,
  desired: 'enabled',
  critical: false,
  requires: [],
  optional: [],
  backoff_until: null,
  problems: [],
  quarantine: null,
};

test('a module view without samples or sandbox report says so with nulls instead of numbers', (t) => {
  const v = moduleView({ ...baseStatus, resources: null }, null);
  t.is(v.resources, null);
  t.is(v.sandbox, null);
  t.is(v.verification, null);
  t.is(v.phase, 'monitoring');
});

test('a module view carries the monitor samples (latest included), sandbox layers and the verification summary', (t) => {
  const status: ModuleStatus = {
    ...baseStatus,
    resources: {
      cpu_percent: 3,
      rss_bytes: 31_000_000,
      processes: 1,
      sampled_at: at + 2000,
      instance_id: 'i1',
      history: [
        { at, cpu_percent: 1, rss_bytes: 30_000_000 },
        { at: at + 1000, cpu_percent: 2, rss_bytes: 30_500_000 },
      ],
    },
    sandbox: {
      mode: 'auto',
      layers: [
        { name: 'process_group', active: true, detail: 'killed as a group' },
        { name: 'bwrap_fs', active: false, detail: 'bwrap not installed' },
      ],
      warning: 'bubblewrap is missing',
    },
  };
  const verification = { ok: true, problems: [], signatures: { required: 2, valid: [{ name: 'alice' }, { name: 'bob' }], unsigned_allowed: false } };
  const v = moduleView(status, verification);
  t.deepEqual(v.resources?.map((p) => p.cpu_percent), [1, 2, 3]);
  t.is(v.resources?.at(-1)?.rss_bytes, 31_000_000);
  t.deepEqual(v.sandbox, {
    mode: 'auto',
    layers: [
      { name: 'process_group', active: true, detail: 'killed as a group' },
      { name: 'bwrap_fs', active: false, detail: 'bwrap not installed' },
    ],
    warning: 'bubblewrap is missing',
  });
  t.deepEqual(v.verification, { ok: true, signed_by: ['alice', 'bob'], required: 2, unsigned_allowed: false, problems: [] });
});

test('a failed verification is summarised with its problems', (t) => {
  const v = moduleView(baseStatus, { ok: false, problems: ['signature by carol is not trusted'], signatures: { required: 2, valid: [] } });
  t.deepEqual(v.verification, { ok: false, signed_by: [], required: 2, unsigned_allowed: false, problems: ['signature by carol is not trusted'] });
});
