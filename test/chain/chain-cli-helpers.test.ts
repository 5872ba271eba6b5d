import test from 'ava';
import { blockRefArg, chainArgs, hashArg } from '../../src/cli/commands/chain-args.js';
import { progressBar } from '../../src/cli/commands/chain-progress.js';
import { asChainEvent, chainApi } from '../../src/sdk/chain-api.js';

test('a chain CLI argument is a height when it is digits and a hash when it is 64 hex digits', (t) => {
  t.deepEqual(blockRefArg('0'), { height: 0 });
  t.deepEqual(blockRefArg('830000'), { height: 830_000 });
  t.deepEqual(blockRefArg('AB'.repeat(32)), { hash: 'ab'.repeat(32) });
  t.throws(() => blockRefArg('-1'), { message: 'expected a block hash (64 hex digits) or a height, got "-1"' });
  t.throws(() => hashArg('12', 'txid'), { message: 'expected a txid of 64 hex digits, got "12"' });
  const usage = t.throws(() => chainArgs(['a', 'b'], 1, 'usage: blvm chain header <hash|height> [--json]'));
  t.is((usage as { code?: string }).code, 'usage');
  t.deepEqual(chainArgs(['5', '--json'], 1, 'u'), { positionals: ['5'], json: true, hex: false });
});

test('the import progress bar redraws one line and ends it once', (t) => {
  let out = '';
  const bar = progressBar((s) => (out += s), 'importing headers');
  bar.update(0, 10_000);
  bar.update(5_000, 10_000);
  bar.update(10_000, 10_000);
  bar.end();
  bar.end();
  const frames = out.split('\r').filter(Boolean);
  t.is(frames.length, 3);
  t.is(frames[1], `importing headers [${'#'.repeat(15)}${'-'.repeat(15)}] 5000/10000 50%`);
  t.true(out.endsWith('100%\n'));
});

test('the SDK chain helpers send the documented methods and params and unwrap the results', async (t) => {
  const sent: [string, unknown][] = [];
  const answers: Record<string, unknown> = { 'chain.height': { height: 7, hash: 'h7' }, 'chain.blockHash': { height: 3, hash: 'h3' }, 'chain.block': { hex: '00ff' } };
  const chain = chainApi({ request: async (method: string, params?: unknown) => (sent.push([method, params]), answers[method] ?? {}) });
  t.is(await chain.height(), 7);
  t.is(await chain.blockHash(3), 'h3');
  t.is(await chain.blockHex(3), '00ff');
  await chain.header('ab'.repeat(32));
  await chain.block(2);
  await chain.tx('cd'.repeat(32));
  t.deepEqual(sent, [
    ['chain.height', {}],
    ['chain.blockHash', { height: 3 }],
    ['chain.block', { height: 3, format: 'hex' }],
    ['chain.header', { hash: 'ab'.repeat(32) }],
    ['chain.block', { height: 2, format: 'decoded' }],
    ['chain.tx', { txid: 'cd'.repeat(32) }],
  ]);
  t.like(asChainEvent({ kind: 'event', type: 'NewBlock', data: { hash: 'h', height: 1 }, seq: 4 }), { type: 'NewBlock', seq: 4, data: { height: 1 } });
  t.is(asChainEvent({ kind: 'event', type: 'ModuleLoaded', data: {} }), null);
});
