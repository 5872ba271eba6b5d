// A mempool refusal carries its rule to every caller: the wire error's `reason` and the SDK's
// ModuleRequestError.reason.
import test from 'ava';
import { toApiError } from '../../src/ipc/api-errors.js';
import { rejectRule, rejectTx } from '../../src/mempool/mempool-reject.js';
import { ModuleRequestError } from '../../src/sdk/module-request-error.js';

test('a refusal travels as invalid_request with the rule as reason, and the SDK error exposes it', (t) => {
  const error = rejectTx('conflict', 'ab'.repeat(32), 'input 0 spends x:0, already spent by mempool tx y');
  t.is(rejectRule(error), 'conflict');
  const body = toApiError(error);
  t.deepEqual(body, { code: 'invalid_request', reason: 'conflict', message: `tx ${'ab'.repeat(32)} refused: conflict: input 0 spends x:0, already spent by mempool tx y` });
  const sdkError = ModuleRequestError.fromWire(body, 'tx.submit');
  t.is(sdkError.reason, 'conflict');
  t.is(sdkError.code, 'invalid_request');
});

test('a full mempool is unavailable rather than an invalid request', (t) => {
  t.like(toApiError(rejectTx('mempool-full', 'cd'.repeat(32), 'the mempool holds its maximum')), { code: 'unavailable', reason: 'mempool-full' });
  t.is(rejectRule(new Error('other')), undefined);
});
