import test from 'ava';
import { checkPublishType, checkTypePattern } from '../../src/bus/event-types.js';
import { TypeFilter } from '../../src/bus/type-filter.js';
import { BlvmError } from '../../src/errors.js';
import { toApiError } from '../../src/ipc/api-errors.js';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return toApiError(error as BlvmError).code;
  }
};

test('a module may publish only in its own namespace: node event types and other modules are refused', (t) => {
  t.is(checkPublishType('ticker', 'ticker.tick'), 'ticker.tick');
  t.is(checkPublishType('ticker', 'ticker.price.usd'), 'ticker.price.usd');
  t.is(codeOf(() => checkPublishType('ticker', 'NewBlock')), 'permission_denied');
  t.is(codeOf(() => checkPublishType('ticker', 'ModuleLoaded')), 'permission_denied');
  t.is(codeOf(() => checkPublishType('ticker', 'event-journal.tick')), 'permission_denied');
  t.is(codeOf(() => checkPublishType('ticker', 'tick')), 'invalid_request');
  t.is(codeOf(() => checkPublishType('ticker', 'ticker.')), 'invalid_request');
  t.is(codeOf(() => checkPublishType('ticker', 'ticker.a b')), 'invalid_request');
  t.is(codeOf(() => checkPublishType('ticker', 42)), 'invalid_request');
});

test('subscription patterns are *, node types, module types and module wildcards', (t) => {
  for (const ok of ['*', 'NewBlock', 'ticker.tick', 'ticker.*']) t.is(checkTypePattern('m', ok), ok);
  for (const bad of ['newBlock', 'ticker', '*.tick', 'Ticker.tick', 'a.b c']) t.is(codeOf(() => checkTypePattern('m', bad)), 'invalid_request', bad);
});

test('a type filter matches exact names and module prefixes, and knows what the store can filter', (t) => {
  const f = new TypeFilter(['NewBlock', 'ticker.*']);
  t.true(f.matches('NewBlock'));
  t.true(f.matches('ticker.a.b'));
  t.false(f.matches('tickers.a'));
  t.false(f.matches('ChainReorg'));
  t.is(f.storeTypes(), undefined);
  t.deepEqual(new TypeFilter(['NewBlock', 'ChainReorg']).storeTypes(), ['NewBlock', 'ChainReorg']);
  t.true(new TypeFilter([]).matches('anything.at.all'));
});
