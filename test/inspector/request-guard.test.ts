import test from 'ava';
import type { IncomingMessage } from 'node:http';
import { allowedHosts, RequestGuard } from '../../src/inspector/http/request-guard.js';

const TOKEN = 'tok-123';
const guard = new RequestGuard(allowedHosts('127.0.0.1', 7780), TOKEN);
const req = (method: string, headers: Record<string, string>) => ({ method, headers }) as unknown as IncomingMessage;
const good = { host: '127.0.0.1:7780', origin: 'http://127.0.0.1:7780', 'sec-fetch-site': 'same-origin', 'x-blvm-token': TOKEN };

test('a loopback inspector answers to its address and to localhost on the same port only', (t) => {
  t.deepEqual([...allowedHosts('127.0.0.1', 7780)].sort(), ['127.0.0.1:7780', 'localhost:7780']);
  t.deepEqual([...allowedHosts('::1', 9)].sort(), ['[::1]:9', 'localhost:9']);
  t.deepEqual([...allowedHosts('localhost', 5)].sort(), ['127.0.0.1:5', '[::1]:5', 'localhost:5']);
});

test('a request naming another host is refused, so a rebound domain cannot read the inspector', (t) => {
  t.is(guard.checkRead(req('GET', { host: 'evil.example:7780' }), '/api/overview')?.status, 421);
  t.is(guard.checkRead(req('GET', { host: '127.0.0.1:7781' }), '/api/overview')?.status, 421);
  t.is(guard.checkRead(req('GET', {}), '/')?.status, 421);
  t.is(guard.checkRead(req('GET', { host: 'LOCALHOST:7780' }), '/api/overview'), null);
});

test('cross-site fetches are refused; only navigating to the page itself is allowed from elsewhere', (t) => {
  const host = '127.0.0.1:7780';
  t.is(guard.checkRead(req('GET', { host, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' }), '/api/overview')?.status, 403);
  t.is(guard.checkRead(req('GET', { host, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' }), '/api/chart.svg')?.status, 403);
  t.is(guard.checkRead(req('GET', { host, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }), '/'), null);
  t.is(guard.checkRead(req('GET', { host, 'sec-fetch-site': 'same-origin' }), '/api/overview'), null);
});

test('a same-origin POST with the token may act', (t) => {
  t.is(guard.checkMutation(req('POST', good)), null);
});

test('actions need POST, the page origin, a same-origin fetch and the right token', (t) => {
  t.is(guard.checkMutation(req('GET', good))?.status, 405);
  const { origin: _o, ...noOrigin } = good;
  t.regex(guard.checkMutation(req('POST', noOrigin))?.message ?? '', /Origin header is required/);
  t.is(guard.checkMutation(req('POST', { ...good, origin: 'http://evil.example' }))?.status, 403);
  t.is(guard.checkMutation(req('POST', { ...good, origin: 'null' }))?.status, 403);
  t.is(guard.checkMutation(req('POST', { ...good, 'sec-fetch-site': 'cross-site' }))?.status, 403);
  t.is(guard.checkMutation(req('POST', { ...good, 'x-blvm-token': 'wrong' }))?.status, 401);
  const { 'x-blvm-token': _t, ...noToken } = good;
  t.is(guard.checkMutation(req('POST', noToken))?.status, 401);
});
