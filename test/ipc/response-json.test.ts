import test from 'ava';
import { requestJson, resultResponseJson } from '../../src/ipc/envelopes.js';

test('a result response built around the result text is the text of the response envelope object (issue 19)', (t) => {
  const when = new Date(0);
  const cases: [string | number, unknown][] = [
    [1, { n: 1 }],
    [-0, null],
    [1e21, [1, 'two', { three: 3 }]],
    ['id "quoted" ₿', 'text with \n and ü'],
    ['x', { at: when, nested: { skipped: undefined, kept: false } }],
  ];
  for (const [id, result] of cases) t.is(resultResponseJson(id, result), JSON.stringify({ kind: 'response', id, result }), `id ${String(id)}`);
});

test('a request built around the params text is the text of the request envelope object (issue 19)', (t) => {
  const cases: [number, string, unknown][] = [
    [1, 'bench.echo', { n: 1 }],
    [2, 'method "quoted" ü', []],
    [3, 'events.publish', { type: 'a.b', data: { at: new Date(0), gone: undefined } }],
  ];
  for (const [id, method, params] of cases) t.is(requestJson(id, method, params), JSON.stringify({ kind: 'request', id, method, params }), method);
  t.is(requestJson(4, 'm', undefined), undefined);
});

test('a result without a JSON form gets no prebuilt text, so the envelope is encoded as an object', (t) => {
  t.is(resultResponseJson(1, undefined), undefined);
  t.is(resultResponseJson(1, () => 1), undefined);
});
