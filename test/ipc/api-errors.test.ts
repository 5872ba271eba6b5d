import test from 'ava';
import { BlvmError } from '../../src/errors.js';
import { apiError, toApiError } from '../../src/ipc/api-errors.js';

test('node error codes map onto the closest module API code', (t) => {
  t.is(toApiError(new BlvmError('policy_denied', 'no')).code, 'permission_denied');
  t.is(toApiError(new BlvmError('not_found', 'no')).code, 'not_found');
  t.is(toApiError(new BlvmError('usage', 'no')).code, 'invalid_request');
  t.is(toApiError(new BlvmError('dependency_failed', 'no')).code, 'unavailable');
  t.is(toApiError(new BlvmError('timeout', 'no')).code, 'timeout');
  t.is(toApiError(new BlvmError('integrity_failed', 'no')).code, 'internal');
});

test('apiError carries an exact API code and stays a BlvmError', (t) => {
  const error = apiError('rate_limited', 'slow down', ['5 per second']);
  t.true(error instanceof BlvmError);
  t.deepEqual(toApiError(error), { code: 'rate_limited', message: 'slow down', details: ['5 per second'] });
});

test('anything that is not a BlvmError is an internal error with its message', (t) => {
  t.deepEqual(toApiError(new TypeError('x is undefined')), { code: 'internal', message: 'x is undefined' });
  t.deepEqual(toApiError('plain string'), { code: 'internal', message: 'plain string' });
});
