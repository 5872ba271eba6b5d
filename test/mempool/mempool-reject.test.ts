// A mempool refusal carries its rule to every caller: the wire error's `reason` and the SDK's
// ModuleRequestError.reason.
import test from 'ava';
import { fromJsonRpcError, toJsonRpcError } from '../../src/control/json-rpc.js';
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

test('on the control socket the refusal keeps its rule through the JSON-RPC error', (t) => {
  const error = rejectTx('insufficient-fee', 'ef'.repeat(32), 'fee 0 sat for 110 vB is below the minimum 110 sat (1 sat/vB)');
  const back = fromJsonRpcError(JSON.parse(JSON.stringify(toJsonRpcError(error))), 'sendrawtransaction');
  t.is(back.reason, 'insufficient-fee');
  t.is(rejectRule(back), 'insufficient-fee');
  t.is(back.message, error.message);
});
