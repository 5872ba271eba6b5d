import test from 'ava';
import { rejectionAdvice } from '../../src/deps/rejection-advice.js';

const config = (network: 'regtest' | 'mainnet') =>
  ({ node: { network }, security: { trusted_maintainers: [], signature_threshold: { m: 2, n: 3 } } }) as never;

test('a module signed by development keys is told to trust them on regtest, and never on mainnet', (t) => {
  const reasons = ['0 of 2 required signatures valid', 'signatures[0]: untrusted key 032efe4bb51a…'];
  t.regex(rejectionAdvice(config('regtest'), 'm', reasons)!, /dev-alice: add them to \[security\] trusted_maintainers.*allow_unsigned = \["m"\]/);
  t.regex(rejectionAdvice(config('mainnet'), 'm', reasons)!, /whose private halves are public: have it signed by your maintainers' keys/);
});

test('other signers are named by where their keys go; reasons not about trust get no advice', (t) => {
  t.regex(rejectionAdvice(config('mainnet'), 'm', ['module is unsigned: 2 signature(s) from trusted maintainers required'])!, /trusted_maintainers \(0 configured, signature_threshold "2-of-3"\)$/);
  t.is(rejectionAdvice(config('regtest'), 'm', ['dependency x is missing']), undefined);
});
