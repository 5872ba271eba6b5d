import test from 'ava';
import { registerChainApi } from '../../src/chain/chain-module-api.js';
import type { ApiMethod } from '../../src/daemon/services.js';
import { toApiError } from '../../src/ipc/api-errors.js';
import type { RequestContext } from '../../src/ipc/request-runner.js';
import { mine, openTestChain } from './helpers/chain-store.js';

async function chainApiOf(t: Parameters<typeof openTestChain>[0]) {
  const chain = await openTestChain(t);
  const methods = new Map<string, ApiMethod>();
  registerChainApi({ register: (name, def) => methods.set(name, def) }, chain.store);
  const ctx: RequestContext = { module: 'reader', instanceId: 'i1', capabilities: ['read_blockchain', 'read_chain_state'], signal: new AbortController().signal };
  const call = async (method: string, params: unknown): Promise<{ result?: unknown; code?: string; message?: string }> => {
    const def = methods.get(method);
    if (!def) throw new Error(`no method ${method}`);
    try {
      return { result: await def.handler(ctx, params) };
    } catch (error) {
      return toApiError(error);
    }
  };
  return { chain, methods, call };
}

test('tip, height and info need read_chain_state; block data needs read_blockchain', async (t) => {
  const { methods } = await chainApiOf(t);
  t.deepEqual(
    Object.fromEntries([...methods].map(([name, def]) => [name, def.capability])),
    {
      'chain.tip': 'read_chain_state',
      'chain.height': 'read_chain_state',
      'chain.info': 'read_chain_state',
      'chain.blockHash': 'read_blockchain',
      'chain.header': 'read_blockchain',
      'chain.block': 'read_blockchain',
      'chain.tx': 'read_blockchain',
    },
  );
});

test('the chain API answers with the store views', async (t) => {
  const { chain, call } = await chainApiOf(t);
  const hashes = await mine(chain.store, 3);
  t.like((await call('chain.tip', {})).result, { height: 3, hash: hashes[2] });
  t.deepEqual((await call('chain.height', undefined)).result, { height: 3, hash: hashes[2] });
  t.deepEqual((await call('chain.blockHash', { height: 2 })).result, { height: 2, hash: hashes[1] });
  t.like((await call('chain.header', { hash: hashes[0] })).result, { height: 1, next_hash: hashes[1] });
  t.like((await call('chain.block', { height: 3, format: 'hex' })).result, { hash: hashes[2], height: 3 });
  const decoded = (await call('chain.block', { hash: hashes[2] })).result as { tx: { txid: string }[] };
  t.like((await call('chain.tx', { txid: decoded.tx[0].txid })).result, { block_hash: hashes[2], position: 0 });
  t.like((await call('chain.info', {})).result, { network: 'regtest', headers: 4, blocks: 4 });
});

test('unknown blocks and transactions are not_found; malformed or unknown parameters are invalid_request', async (t) => {
  const { call } = await chainApiOf(t);
  const unknown = 'ef'.repeat(32);
  t.like(await call('chain.header', { hash: unknown }), { code: 'not_found', message: `no block ${unknown} in the chain store` });
  t.like(await call('chain.blockHash', { height: 1 }), { code: 'not_found' });
  t.like(await call('chain.tx', { txid: unknown }), { code: 'not_found' });
  const invalid: [string, unknown, RegExp][] = [
    ['chain.blockHash', { height: -1 }, /params\.height: expected a block height/],
    ['chain.blockHash', { height: '1' }, /params\.height/],
    ['chain.header', {}, /expected a block hash \(hash\) or a height \(height\)/],
    ['chain.header', { hash: 'zz' }, /params\.hash: expected 64 hex digits, got "zz"/],
    ['chain.header', { hash: unknown, height: 0 }, /either hash or height, not both/],
    ['chain.block', { height: 0, format: 'json' }, /params\.format: expected "hex" or "decoded", got "json"/],
    ['chain.tip', { verbose: true }, /chain\.tip: unknown parameter "verbose" \(it takes none\)/],
    ['chain.tx', [1], /params: expected an object/],
  ];
  for (const [method, params, message] of invalid) {
    const outcome = await call(method, params);
    t.is(outcome.code, 'invalid_request', `${method} ${JSON.stringify(params)}`);
    t.regex(outcome.message ?? '', message);
  }
});
