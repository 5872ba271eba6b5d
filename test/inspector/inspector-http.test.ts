import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFakeInspector, TOKEN } from './helpers/fake-inspector.js';
import { raw } from './helpers/raw-request.js';
import { readSse } from './helpers/sse-reader.js';
import type { HistoryView, Overview } from '../../src/inspector/wire-types.js';
import { waitUntil } from '../../src/testing/wait.js';

test('the page is served with a strict Content-Security-Policy and refers only to its own origin', async (t) => {
  const insp = await startFakeInspector(t);
  const page = await raw(insp.url, '/', { headers: { host: insp.host } });
  t.is(page.status, 200);
  t.regex(String(page.headers['content-type']), /text\/html/);
  t.regex(String(page.headers['content-security-policy']), /^default-src 'self'/);
  t.is(page.headers['x-frame-options'], 'DENY');
  const urls = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  t.true(urls.length >= 3);
  for (const url of urls) t.true(url.startsWith('/'), `${url} is not same-origin`);
  t.false(/style="/.test(page.body), 'no inline styles');
  t.false(/<script>/.test(page.body), 'no inline scripts');
  for (const path of ['/static/inspector.css', '/static/favicon.svg', '/page/main.js']) {
    t.is((await raw(insp.url, path, { headers: { host: insp.host } })).status, 200, path);
  }
});

test('only plain asset names are served: no traversal, no source maps, no other files', async (t) => {
  const insp = await startFakeInspector(t);
  for (const path of ['/static/..%2f..%2fpackage.json', '/static/../../package.json', '/page/main.js.map', '/page/..%2f..%2fpackage.json', '/static/index.html/x', '/etc/passwd', '/static/']) {
    t.is((await raw(insp.url, path, { headers: { host: insp.host } })).status, 404, path);
  }
});

test('every request naming another host is refused', async (t) => {
  const insp = await startFakeInspector(t);
  for (const path of ['/', '/api/overview', '/api/chart.svg', '/api/events']) {
    const res = await raw(insp.url, path, { headers: { host: 'attacker.example' } });
    t.is(res.status, 421, path);
  }
});

test('the overview and the chart are served as JSON and SVG whose state ids agree', async (t) => {
  const insp = await startFakeInspector(t);
  const overview = JSON.parse((await raw(insp.url, '/api/overview', { headers: { host: insp.host } })).body) as Overview;
  t.deepEqual(overview.modules.map((m) => [m.name, m.phase, m.resources, m.sandbox]), [['miner', 'monitoring', null, null]]);
  const chart = JSON.parse((await raw(insp.url, '/api/chart.json', { headers: { host: insp.host } })).body) as { states: { id: string }[] };
  const svg = (await raw(insp.url, '/api/chart.svg', { headers: { host: insp.host } })).body;
  for (const s of chart.states) t.true(svg.includes(`id="${s.id}"`), s.id);
});

test('the history endpoint returns stored transitions oldest first, placed on the chart, and 404 for an unknown module', async (t) => {
  const insp = await startFakeInspector(t);
  insp.transitions.push(
    { id: 1, at: 1, module: 'miner', from: '', to: 'verification', event: 'xstate.init' },
    { id: 2, at: 2, module: 'miner', from: 'monitoring.healthy', to: 'backoff', event: 'child.exited' },
    { id: 3, at: 3, module: 'miner', from: 'backoff', to: 'loading', event: 'xstate.after.backoff.module.backoff' },
  );
  const history = JSON.parse((await raw(insp.url, '/api/modules/miner/history?limit=2', { headers: { host: insp.host } })).body) as HistoryView;
  t.true(history.truncated);
  t.deepEqual(history.transitions.map((v) => [v.id, v.to, v.label, v.edges]), [
    [2, 'backoff', 'child.exited', ['edge:module:module.backoff']],
    [3, 'loading', 'after backoff', ['edge:module.backoff:module.waitingForDependencies', 'edge:module.waitingForDependencies:module.loading']],
  ]);
  t.is((await raw(insp.url, '/api/modules/nobody/history', { headers: { host: insp.host } })).status, 404);
});

test('actions act only for a same-origin POST carrying the token', async (t) => {
  const insp = await startFakeInspector(t);
  const origin = `http://${insp.host}`;
  const post = (path: string, headers: Record<string, string>) => raw(insp.url, path, { method: 'POST', headers: { host: insp.host, ...headers } });
  t.is((await post('/api/modules/miner/restart', { origin })).status, 401);
  t.is((await post('/api/modules/miner/restart', { origin: 'http://evil.example', 'x-blvm-token': TOKEN })).status, 403);
  t.is((await post('/api/modules/miner/restart', { 'x-blvm-token': TOKEN })).status, 403);
  t.is((await raw(insp.url, '/api/modules/miner/restart', { headers: { host: insp.host, 'x-blvm-token': TOKEN } })).status, 405);
  t.deepEqual(insp.commands, []);
  const ok = await post('/api/modules/miner/restart', { origin, 'x-blvm-token': TOKEN, 'sec-fetch-site': 'same-origin' });
  t.is(ok.status, 200);
  t.deepEqual(JSON.parse(ok.body), { name: 'miner', phase: 'monitoring', ok: true, message: 'module miner: monitoring' });
  t.deepEqual(insp.commands, ['restart miner']);
  const refused = await post('/api/modules/miner/release', { origin, 'x-blvm-token': TOKEN });
  t.is(refused.status, 409);
  t.regex(JSON.parse(refused.body).error, /not quarantined \(phase monitoring\)/);
  t.is((await post('/api/modules/miner/explode', { origin, 'x-blvm-token': TOKEN })).status, 404);
  t.is((await post('/api/token-check', { origin, 'x-blvm-token': TOKEN })).status, 200);
  t.is((await post('/api/token-check', { origin, 'x-blvm-token': 'nope' })).status, 401);
});

test('a new SSE client gets the recent log, then the overview, then live messages', async (t) => {
  const insp = await startFakeInspector(t);
  insp.feed.publish('log', { n: 1 }, true);
  const sse = readSse(insp.url);
  t.teardown(() => sse.close());
  t.is(await sse.status, 200);
  await sse.waitFor((e) => e.some((x) => x.event === 'overview'));
  insp.feed.publish('log', { n: 2 }, true);
  const events = await sse.waitFor((e) => e.length >= 3);
  t.deepEqual(events.map((e) => [e.event, e.id === null]), [['log', false], ['overview', true], ['log', false]]);
  t.is(events[2].data, '{"n":2}');
});

test('a reconnecting SSE client sends Last-Event-ID and receives only what it missed', async (t) => {
  const insp = await startFakeInspector(t);
  for (let n = 1; n <= 4; n++) insp.feed.publish('log', { n }, true);
  const sse = readSse(insp.url, { 'last-event-id': `${insp.feed.runId}.2` });
  t.teardown(() => sse.close());
  const events = await sse.waitFor((e) => e.some((x) => x.event === 'overview'));
  t.deepEqual(events.filter((e) => e.event === 'log').map((e) => e.data), ['{"n":3}', '{"n":4}']);
});

test('a client that stops reading is dropped once its buffer passes the limit, so memory stays bounded', async (t) => {
  const insp = await startFakeInspector(t, { sse: { maxBufferedBytes: 16 * 1024 } });
  const { request } = await import('node:http');
  const { hostname, port } = new URL(insp.url);
  const req = request({ hostname, port, path: '/api/events', headers: { host: insp.host } }, (res) => res.pause());
  req.end();
  t.teardown(() => req.destroy());
  await waitUntil(() => insp.feed.subscriberCount > 0, { intervalMs: 10, message: 'the SSE request to subscribe to the feed' });
  const big = 'x'.repeat(64 * 1024);
  for (let i = 0; i < 400 && insp.feed.subscriberCount > 0; i++) {
    insp.feed.publish('log', { big }, false);
    await sleep(1);
  }
  t.is(insp.feed.subscriberCount, 0);
});
