// Issue 17's "Done when" on a real regtest daemon: rewards mined to the wallet, a payment through
// the mempool confirmed by a generated block, each refusal named by its rule, and a reorg that
// hands the payment's inputs back and the transaction to the mempool again.
import test from 'ava';
import * as btc from '@scure/btc-signer';
import { join } from 'node:path';
import { CHAIN_STORE_FILE } from '../../src/chain/chain-service.js';
import type { DecodedBlockView } from '../../src/chain/chain-views.js';
import { parseTransaction, serializeTransaction } from '../../src/chain/tx-codec.js';
import { controlCall } from '../../src/control/control-client.js';
import { SqliteDb } from '../../src/store/sqlite.js';
import { controlSocketPath } from '../../src/supervision/module-paths.js';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { WalletKeys } from '../../src/wallet/wallet-keys.js';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const OTHER = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const SUBSIDY = 5_000_000_000n;
const keys = new WalletKeys(ABANDON, 'regtest');

interface Balance {
  height: number;
  confirmed: string;
  immature: string;
  unconfirmed: string;
  total: string;
}

test('a wallet payment goes through the mempool into a block, refusals name their rule, and a reorg gives it back (issue 17)', async (t) => {
  const node = await IsolatedNode.create();
  t.teardown(() => node.destroy());
  const call = <T>(method: string, params: Record<string, unknown> = {}) => controlCall(controlSocketPath(node.dataDir), method, params) as Promise<T>;
  const cliOk = async (args: string[]): Promise<string> => {
    const r = await node.cli(args, { timeoutMs: 120_000 });
    t.is(r.exitCode, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const balance = async (): Promise<Balance> => JSON.parse(await cliOk(['wallet', 'balance', '--json'])) as Balance;
  const coinbaseTxid = async (height: number): Promise<string> => (await call<DecodedBlockView>('getblock', { height, format: 'decoded' })).tx[0].txid;
  // A P2WPKH spend of the coinbase at `height` (paid to receive key height-1), signed by the wallet's key.
  const spendCoinbase = async (height: number, fee: bigint): Promise<btc.Transaction> => {
    const key = keys.key('receive', height - 1);
    const tx = new btc.Transaction();
    tx.addInput({ txid: await coinbaseTxid(height), index: 0, witnessUtxo: { script: key.script, amount: SUBSIDY } });
    tx.addOutput({ script: key.script, amount: SUBSIDY - fee });
    tx.signIdx(key.privateKey, 0);
    tx.finalize();
    return tx;
  };
  // `blvm tx submit`, as an operator would: exit 1 with the refusal on stderr.
  const refusal = async (hex: string): Promise<string> => {
    const r = await node.cli(['tx', 'submit', hex]);
    t.is(r.exitCode, 1, r.stdout);
    return r.stderr;
  };
  const status = async (txid: string): Promise<unknown> => JSON.parse(await cliOk(['tx', 'status', txid, '--json']));

  await cliOk(['wallet', 'init', '--mnemonic', ABANDON]);
  await cliOk(['chain', 'generate', '101', '--to-wallet']);
  t.like(await balance(), { height: 101, confirmed: String(SUBSIDY), immature: String(100n * SUBSIDY), unconfirmed: '0' });

  t.regex(await refusal((await spendCoinbase(101, 1000n)).hex), /refused: immature-coinbase: /);
  const zeroFee = await node.cli(['wallet', 'send', new WalletKeys(OTHER, 'regtest').key('receive', 0).address, '100000000', '--fee-rate', '0']);
  t.not(zeroFee.exitCode, 0);
  t.regex(zeroFee.stderr, /refused: insufficient-fee: /);

  const payee = new WalletKeys(OTHER, 'regtest').key('receive', 0).address;
  const sent = JSON.parse(await cliOk(['wallet', 'send', payee, '1000000000', '--json'])) as { txid: string; fee: string; change: string; inputs: string[] };
  const change = SUBSIDY - 1_000_000_000n - BigInt(sent.fee);
  t.is(sent.change, String(change));
  t.true(BigInt(sent.fee) > 0n);
  t.deepEqual(sent.inputs, [`${await coinbaseTxid(1)}:0`]);
  t.like(await status(sent.txid), { status: 'mempool' });
  t.like(await balance(), { confirmed: '0', unconfirmed: String(change) });

  t.regex(await refusal((await spendCoinbase(1, 2000n)).hex), /refused: conflict: /, 'a second spend of the payment input');

  const mined = JSON.parse(await cliOk(['chain', 'generate', '1', '--json'])) as { hashes: string[] };
  t.like(await status(sent.txid), { status: 'confirmed', height: 102, confirmations: 1 });
  t.like(await balance(), { height: 102, confirmed: String(SUBSIDY + change), immature: String(99n * SUBSIDY), unconfirmed: '0' });
  const history = JSON.parse(await cliOk(['wallet', 'history', '--json'])) as { txid: string; net: string; height: number }[];
  t.like(history.at(-1), { txid: sent.txid, height: 102, net: String(change - SUBSIDY) });

  const good = parseTransaction((await spendCoinbase(2, 1000n)).extract());
  const signature = Buffer.from(good.inputs[0].witness[0]);
  signature[10] ^= 0x01;
  const flipped = { ...good, inputs: [{ ...good.inputs[0], witness: [signature, good.inputs[0].witness[1]] }] };
  t.regex(await refusal(serializeTransaction(flipped).toString('hex')), /refused: bad-signature: /);

  await cliOk(['chain', 'invalidate', mined.hashes[0]]);
  t.like(await status(sent.txid), { status: 'mempool' });
  const db = await SqliteDb.open(join(node.dataDir, CHAIN_STORE_FILE));
  try {
    t.truthy(await db.get('SELECT outpoint FROM utxo WHERE outpoint = ?', [sent.inputs[0]]), 'the payment input is unspent on the chain again');
  } finally {
    await db.close();
  }
  t.like(await balance(), { height: 101, confirmed: '0', unconfirmed: String(change) });
});
