import test from 'ava';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { parsePromText, parseValue, sampleValue } from './prom-text.js';

test('sample values are read as Prometheus reads them, NaN and Inf in any case included', (t) => {
  t.is(parseValue('42'), 42);
  t.is(parseValue('-1.5e-3'), -0.0015);
  t.is(parseValue('.5'), 0.5);
  t.true(Number.isNaN(parseValue('Nan')));
  t.true(Number.isNaN(parseValue('NaN')));
  t.is(parseValue('+Inf'), Infinity);
  t.is(parseValue('-inf'), -Infinity);
  t.is(parseValue('Infinity'), Infinity);
  for (const bad of ['abc', '0x10', '', '1.2.3', 'NaNa']) t.is(parseValue(bad), undefined, bad);
});

test('a sample whose value is no number fails naming the whole line', (t) => {
  const error = t.throws(() => parsePromText('# TYPE x gauge\nx{a="b"} twelve\n'));
  t.is(error?.message, 'line 2: value twelve is not a number: x{a="b"} twelve');
});

test('two scrapes in a row of prom-client default metrics both parse, the event-loop lag mean written as Nan when no delay was sampled between them (issue 20)', async (t) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'p_' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const first = parsePromText(await registry.metrics());
  const second = parsePromText(await registry.metrics());
  t.true(Number.isFinite(sampleValue(first, 'p_nodejs_eventloop_lag_mean_seconds')!));
  const mean = sampleValue(second, 'p_nodejs_eventloop_lag_mean_seconds');
  t.is(typeof mean, 'number');
  t.true(Number.isNaN(mean) || mean! >= 0);
  registry.clear();
});
