import test from 'ava';
import { initialContext } from '../../actors/module/context.js';
import type { ModuleContext } from '../../actors/module/types.js';
import { ModuleEventDeriver } from '../../src/bus/module-events.js';
import { defaultConfig } from '../../src/config/parse-config.js';

const policy = defaultConfig('/tmp').supervision;
const base = (patch: Partial<ModuleContext> = {}): ModuleContext => ({
  ...initialContext({ name: 'm', policy, critical: false, hasRequiredDependencies: false }),
  version: '1.2.0',
  ...patch,
});

function derive() {
  const published: [string, Record<string, unknown>][] = [];
  const deriver = new ModuleEventDeriver((type, payload) => published.push([type, payload]));
  const step = (from: string, to: string, ctx: ModuleContext, event = 'e') => deriver.onTransition({ module: 'm', from, to, event, at: 1, context: ctx });
  const types = () => published.map(([type]) => type);
  return { published, step, types };
}

test('ModuleLoaded is published when the module becomes ready, not when it is spawned', (t) => {
  const { published, step, types } = derive();
  step('loading', 'execution', base({ instanceId: 'inst-1' }));
  t.deepEqual(types(), ['ModuleStateChanged']);
  step('execution', 'monitoring.healthy', base({ instanceId: 'inst-1' }), 'ipc.ready');
  t.deepEqual(published.at(-1), ['ModuleLoaded', { module_id: 'inst-1', module_name: 'm', version: '1.2.0' }]);
  step('monitoring.healthy', 'monitoring.degraded', base({ instanceId: 'inst-1' }));
  t.deepEqual(types().filter((x) => x !== 'ModuleStateChanged'), ['ModuleLoaded'], 'moving inside monitoring is not a new load');
});

test('leaving monitoring by a crash publishes ModuleCrashed then ModuleUnloaded with the exit reason', (t) => {
  const { published, step, types } = derive();
  step('execution', 'monitoring.healthy', base({ instanceId: 'inst-1' }));
  const exit = { code: null, signal: 'SIGKILL', reason: 'crashed' as const, byUs: false, uptimeMs: 500, at: 99 };
  step('monitoring.healthy', 'backoff', base({ instanceId: null, pastInstances: ['inst-1'], lastExits: [exit], restarts: 1 }), 'child.exited');
  t.deepEqual(types().slice(-3), ['ModuleStateChanged', 'ModuleCrashed', 'ModuleUnloaded']);
  t.deepEqual(published.at(-2), ['ModuleCrashed', { module_id: 'inst-1', module_name: 'm', reason: 'crashed', code: null, signal: 'SIGKILL', uptime_ms: 500, restarts: 1 }]);
  t.deepEqual(published.at(-1), ['ModuleUnloaded', { module_id: 'inst-1', module_name: 'm', reason: 'crashed' }]);
});

test('a requested stop unloads with the stop reason and is not a crash', (t) => {
  const { published, step, types } = derive();
  step('execution', 'monitoring.healthy', base({ instanceId: 'inst-1' }));
  step('monitoring.healthy', 'stopping', base({ instanceId: 'inst-1', stopReason: 'operator' }));
  t.deepEqual(published.at(-1), ['ModuleUnloaded', { module_id: 'inst-1', module_name: 'm', reason: 'operator' }]);
  const exit = { code: 0, signal: null, reason: 'stopped' as const, byUs: true, uptimeMs: 500, at: 5 };
  step('stopping', 'stopped', base({ instanceId: null, pastInstances: ['inst-1'], lastExits: [exit], stopReason: 'operator' }));
  t.false(types().includes('ModuleCrashed'));
  t.is(types().filter((x) => x === 'ModuleUnloaded').length, 1);
});

test('entering quarantine is announced, and exits of earlier runs found at startup are not', (t) => {
  const { published, step, types } = derive();
  const old = { code: 1, signal: null, reason: 'crashed' as const, byUs: false, uptimeMs: 5, at: 3 };
  const quarantine = { at: 3, reason: 'more than 5 crashes in 10m', exits: [old] };
  step('', 'discovery', base({ lastExits: [old], quarantine }));
  step('discovery', 'quarantined', base({ lastExits: [old], quarantine }));
  t.false(types().includes('ModuleCrashed'));
  t.deepEqual(published.at(-1), ['ModuleQuarantined', { module_name: 'm', reason: 'more than 5 crashes in 10m', since: 3 }]);
});

test('every transition is a ModuleStateChanged with both state paths and phases', (t) => {
  const { published, step } = derive();
  step('verification', 'waitingForDependencies', base(), 'xstate.done');
  t.deepEqual(published[0], [
    'ModuleStateChanged',
    { module_id: null, module_name: 'm', from: 'verification', to: 'waitingForDependencies', from_phase: 'verification', to_phase: 'waitingForDependencies', event: 'xstate.done' },
  ]);
});
