// The tx.* module API over a real chain store: capabilities, views, refusals with their rule,
// parameter errors; and the generate control method's payout_script parameter.
import test from 'ava';
import type { ApiMethod } from '../../src/daemon/services.js';
import { generateBlocks } from '../../src/chain/chain-generate.js';
import { payoutScriptParam } from '../../src/chain/chain-request-params.js';
import { toApiError } from '../../src/ipc/api-errors.js';
import type { RequestContext } from '../../src/ipc/request-runner.js';
import { Mempool } from '../../src/mempool/mempool.js';
import { registerMempoolApi } from '../../src/mempool/mempool-api.js';
import { NOW } from '../chain/helpers/fixtures.js';
import { openTestChain } from '../chain/helpers/chain-store.js';
import { coinbaseCoin, SUBSIDY, TestKey } from './helpers/test-key.js';

test('tx.submit needs send_transactions, tx.get and tx.status read_blockchain; they answer with the mempool views and refusals name their rule', async (t) => {
  const chain = await openTestChain(t);
  const key = new TestKey();
  await generateBlocks(chain.store, 101, { payoutScript: key.script, now: () => NOW });
  const methods = new Map<string, ApiMethod>();
  registerMempoolApi({ register: (name, def) => methods.set(name, def) }, new Mempool(chain.store), chain.store);
  t.deepEqual(Object.fromEntries([...methods].map(([name, def]) => [name, def.capability])), {
    'tx.submit': 'send_transactions',
    'tx.get': 'read_blockchain',
    'tx.status': 'read_blockchain',
  });
  const ctx: RequestContext = { module: 'payer', instanceId: 'i1', capabilities: ['send_transactions', 'read_blockchain'], signal: new AbortController().signal };
  const call = async (method: string, params: unknown) => {
    try {
      return { result: await (methods.get(method) as ApiMethod).handler(ctx, params) };
    } catch (error) {
      return toApiError(error);
    }
  };
  const tx = key.spend([await coinbaseCoin(chain.store, 1)], [{ value: SUBSIDY - 1000n }]);
  t.like(await call('tx.submit', { hex: tx.hex }), { result: { txid: tx.txid, fee: 1000 } });
  t.like(await call('tx.get', { txid: tx.txid }), { result: { status: 'mempool', txid: tx.txid, hex: tx.hex, depends: [] } });
  t.like(await call('tx.status', { txid: tx.txid }), { result: { status: 'mempool' } });
  t.like(await call('tx.submit', { hex: tx.hex }), { code: 'invalid_request', reason: 'already-known' });
  t.like(await call('tx.submit', { hex: 42 }), { code: 'invalid_request' });
  t.like(await call('tx.submit', { hex: tx.hex, fee: 1 }), { code: 'invalid_request' });
  t.like(await call('tx.get', { txid: 'ab'.repeat(32) }), { code: 'not_found' });
  t.like(await call('tx.status', { txid: 'nope' }), { code: 'invalid_request' });
});

test('generate takes its payout script as hex and refuses anything else naming the field', (t) => {
  t.deepEqual(payoutScriptParam({ count: 1, payout_script: '0014' + 'ab'.repeat(20) }), Buffer.from('0014' + 'ab'.repeat(20), 'hex'));
  t.is(payoutScriptParam({ count: 1 }), undefined);
  t.throws(() => payoutScriptParam({ payout_script: 'xyz' }), { message: /"payout_script" must be an output script as hex/ });
  t.throws(() => payoutScriptParam({ payout_script: '' }), { message: /payout_script/ });
});
