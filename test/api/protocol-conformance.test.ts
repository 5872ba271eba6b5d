import test from 'ava';
import { RawClient, type Frame } from '../ipc/support/raw-client.js';
import { encodeFrame } from '../../src/ipc/frame-encode.js';
import { waitUntil } from '../../src/testing/wait.js';
import { Harness } from './support/api-harness.js';

const ALL = [
  'subscribe_events',
  'publish_events',
  'call_module',
  'register_module_api',
  'register_cli',
  'read_metrics',
  'report_metrics',
];

test('the handshake comes first: a request before hello is refused and that connection closed', async (t) => {
  const h = await Harness.start(t);
  const client = await RawClient.open(t, h.socketPath);
  client.send({ kind: 'request', id: 1, method: 'node.info', params: {} });
  const refusal = await client.next();
  t.is(refusal.kind, 'error');
  t.is(refusal.error.code, 'invalid_request');
  await client.closed;
});

test('node.info describes the node and the calling instance', async (t) => {
  const h = await Harness.start(t);
  const { client, inst } = await h.connect('alpha', { capabilities: ['subscribe_events'] });
  const { result } = await client.request(1, 'node.info');
  t.like(result, { protocol: 1, network: 'regtest', module: 'alpha', instance_id: inst.instanceId, capabilities: ['subscribe_events'] });
  t.is(typeof result.node_version, 'string');
  t.is(typeof result.uptime_ms, 'number');
});

test('modules.list and modules.info report every known module, loaded or not', async (t) => {
  const h = await Harness.start(t);
  const { inst } = await h.loaded('beta');
  const { client } = await h.connect('alpha', { requires: ['beta'] });
  const list = await client.request(1, 'modules.list');
  t.deepEqual(list.result.modules.map((m: { name: string; loaded: boolean; instance_id: string | null }) => [m.name, m.loaded, m.instance_id]), [
    ['alpha', false, null],
    ['beta', true, inst.instanceId],
  ]);
  const info = await client.request(2, 'modules.info', { name: 'alpha' });
  t.like(info.result, { name: 'alpha', requires: ['beta'], optional: [], exposed: [], cli_groups: [] });
  const missing = await client.request(3, 'modules.info', { name: 'gamma' });
  t.is(missing.error.code, 'not_found');
  t.regex(missing.error.message, /no module named "gamma" \(known: .*alpha.*\)/);
  const bad = await client.request(4, 'modules.info', {});
  t.is(bad.error.code, 'invalid_request');
  t.regex(bad.error.message, /"name"/);
});

test('the log request lands in the node log with the module name, and bad levels are refused', async (t) => {
  const h = await Harness.start(t);
  const { client } = await h.connect('alpha');
  t.deepEqual((await client.request(1, 'log', { level: 'warn', message: 'disk almost full', fields: { free: 3 } })).result, {});
  t.true(h.log.find('disk almost full', '"module":"alpha"', '"module_level":"warn"', '"free":3').length > 0);
  const bad = await client.request(2, 'log', { level: 'loud', message: 'x' });
  t.is(bad.error.code, 'invalid_request');
  t.regex(bad.error.message, /"level".*"loud"/);
  t.is((await client.request(3, 'log', {})).error.code, 'invalid_request');
});

test('an unknown method is not_found and an unknown parameter is invalid_request naming it; the connection stays', async (t) => {
  const h = await Harness.start(t);
  const { client } = await h.connect('alpha', { capabilities: ALL });
  const unknown = await client.request(1, 'node.infos');
  t.deepEqual(unknown.error, { code: 'not_found', message: 'unknown method "node.infos"' });
  const typo = await client.request(2, 'events.subscribe', { tyeps: ['NewBlock'] });
  t.is(typo.error.code, 'invalid_request');
  t.regex(typo.error.message, /unknown parameter "tyeps"/);
  const notObject = await client.request(3, 'node.info', [1, 2]);
  t.is(notObject.error.code, 'invalid_request');
  t.is((await client.request(4, 'node.info')).result.module, 'alpha');
  t.false(client.socket.destroyed);
});

test('many requests in flight are each answered under their own id', async (t) => {
  const h = await Harness.start(t);
  const { client } = await h.connect('alpha', { capabilities: ALL });
  for (let i = 0; i < 50; i++) client.send({ kind: 'request', id: `r${i}`, method: i % 2 ? 'node.info' : 'modules.list', params: {} });
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => client.next((f) => f.kind === 'response' && f.id === `r${i}`)));
  t.true(answers.every((a, i) => (i % 2 ? a.result.module === 'alpha' : Array.isArray(a.result.modules))));
});

test('requests beyond the per-module rate limit are rate_limited, and the connection stays usable', async (t) => {
  const h = await Harness.start(t, { config: '[ipc]\nrate_limit = 5\n' });
  const { client } = await h.connect('alpha');
  for (let i = 0; i < 20; i++) client.send({ kind: 'request', id: i, method: 'node.info', params: {} });
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => client.next((f) => f.kind === 'response' && f.id === i)));
  const limited = answers.filter((a) => a.error?.code === 'rate_limited');
  t.true(limited.length >= 10, `${limited.length} of 20 were limited`);
  t.regex(limited[0].error.message, /module alpha sent more than 5 requests per second/);
  let attempt = 0;
  let last: Frame | undefined;
  const accepted = await waitUntil(
    async () => {
      last = await client.request(`later-${attempt++}`, 'node.info');
      return last.error?.code !== 'rate_limited' && last;
    },
    { timeoutMs: 5000, intervalMs: 50, message: () => `a request accepted once the budget refills (last answer ${JSON.stringify(last)})` },
  );
  t.is(accepted.result.module, 'alpha');
});

test('the rate limit is per module: a flooding module does not use up another module\'s budget', async (t) => {
  const h = await Harness.start(t, { config: '[ipc]\nrate_limit = 5\n' });
  const { client: flood } = await h.connect('flood');
  const { client: calm } = await h.connect('calm');
  for (let i = 0; i < 20; i++) flood.send({ kind: 'request', id: i, method: 'node.info', params: {} });
  await flood.next((f) => f.kind === 'response' && f.id === 19);
  t.is((await calm.request(1, 'node.info')).result.module, 'calm');
});

test('an oversized frame closes only the connection that sent it', async (t) => {
  const h = await Harness.start(t, { maxFrame: 4096 });
  const { client: bad } = await h.connect('bad');
  const { client: good } = await h.connect('good');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(100_000, 0);
  bad.sendRaw(header);
  await bad.closed;
  t.is((await good.request(1, 'node.info')).result.module, 'good');
});

test('a published event larger than a frame allows is refused with invalid_request, not a disconnect', async (t) => {
  const h = await Harness.start(t, { maxFrame: 64 * 1024 });
  const { client } = await h.connect('alpha', { capabilities: ['publish_events'] });
  client.socket.write(encodeFrame({ kind: 'request', id: 1, method: 'events.publish', params: { type: 'alpha.big', data: 'x'.repeat(63 * 1024 + 500) } }));
  const answer = await client.next((f) => f.kind === 'response' && f.id === 1);
  t.is(answer.error.code, 'invalid_request');
  t.regex(answer.error.message, /"data" is \d+ bytes/);
  t.false(client.socket.destroyed);
});

test('metrics.report merges a module\'s metrics and metrics.read returns them; bad values are refused', async (t) => {
  const h = await Harness.start(t);
  const { client: reporter } = await h.connect('reporter', { capabilities: ['report_metrics'] });
  const { client: reader } = await h.connect('reader', { capabilities: ['read_metrics'] });
  t.deepEqual((await reporter.request(1, 'metrics.report', { metrics: { 'rows.total': 10 } })).result, { metrics: 1 });
  t.deepEqual((await reporter.request(2, 'metrics.report', { metrics: { lag_ms: 3.5 } })).result, { metrics: 2 });
  const read = await reader.request(1, 'metrics.read', { module: 'reporter' });
  t.like(read.result.modules[0], { module: 'reporter', metrics: { 'rows.total': 10, lag_ms: 3.5 } });
  const nan = await reporter.request(3, 'metrics.report', { metrics: { x: 'many' } });
  t.is(nan.error.code, 'invalid_request');
  t.regex(nan.error.message, /metric "x" must be a finite number/);
  const badName = await reporter.request(4, 'metrics.report', { metrics: { 'a b': 1 } });
  t.regex(badName.error.message, /metric name "a b" is invalid/);
  reporter.socket.destroy();
  let reads = 2;
  let modules: unknown;
  await waitUntil(
    async () => {
      modules = (await reader.request(reads++, 'metrics.read', {})).result.modules;
      return Array.isArray(modules) && modules.length === 0;
    },
    { timeoutMs: 5000, message: () => `the reporter's metrics to end with its connection (still ${JSON.stringify(modules)})` },
  );
  t.pass('metrics end with the connection');
});
