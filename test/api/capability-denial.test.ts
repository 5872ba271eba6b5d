import test from 'ava';
import { Harness } from './support/api-harness.js';

// One valid call of every method that needs a capability: only the missing capability can refuse it.
const GUARDED: [method: string, capability: string, params: Record<string, unknown>][] = [
  ['events.subscribe', 'subscribe_events', { types: ['NewBlock'] }],
  ['events.unsubscribe', 'subscribe_events', { subscription: 's1' }],
  ['events.ack', 'subscribe_events', { subscription: 's1', seq: 1 }],
  ['events.publish', 'publish_events', { type: 'mallory.tick', data: {} }],
  ['module.expose', 'register_module_api', { methods: [{ name: 'x.y' }] }],
  ['module.call', 'call_module', { module: 'victim', method: 'x.y' }],
  ['cli.register', 'register_cli', { name: 'mallory', commands: [{ name: 'go' }] }],
  ['metrics.report', 'report_metrics', { metrics: { n: 1 } }],
  ['metrics.read', 'read_metrics', {}],
];

test('every capability-guarded request is refused with permission_denied naming the missing capability', async (t) => {
  const h = await Harness.start(t);
  await h.loaded('victim');
  const { client } = await h.connect('mallory', { requires: ['victim'] });
  for (const [method, capability, params] of GUARDED) {
    const answer = await client.request(method, method, params);
    t.is(answer.error?.code, 'permission_denied', method);
    t.is(answer.error?.message, `${method} needs the capability "${capability}", which module mallory does not hold`);
  }
  t.is((await client.request('after', 'node.info')).result.module, 'mallory', 'the connection stays usable');
});

test('holding one capability does not grant another', async (t) => {
  const h = await Harness.start(t);
  const { client } = await h.connect('partial', { capabilities: ['subscribe_events'] });
  t.is(typeof (await client.request(1, 'events.subscribe', {})).result.subscription, 'string');
  t.is((await client.request(2, 'events.publish', { type: 'partial.x' })).error.code, 'permission_denied');
});

test('the capability check comes before parameter checks, so a denied module learns nothing about params', async (t) => {
  const h = await Harness.start(t);
  const { client } = await h.connect('mallory');
  const answer = await client.request(1, 'events.subscribe', { bogus: true });
  t.is(answer.error.code, 'permission_denied');
});
