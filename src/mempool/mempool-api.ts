// The mempool's module API (tx.submit with send_transactions; tx.get and tx.status with
// read_blockchain) and its operator methods on the control socket (`blvm tx …`).
import type { ControlServer } from '../control/control-server.js';
import type { ApiRegistry } from '../daemon/services.js';
import { BlvmError } from '../errors.js';
import { hashParam, onlyFields } from '../chain/chain-request-params.js';
import type { ChainStore } from '../chain/chain-store.js';
import type { Mempool, MempoolTxView } from './mempool.js';
import type { TxView } from '../chain/chain-views.js';

type Handler = (params: unknown) => Promise<unknown>;

export function registerMempoolApi(api: ApiRegistry, mempool: Mempool, store: ChainStore): void {
  const method = (name: string, capability: string, fields: readonly string[], handler: Handler): void =>
    api.register(name, {
      capability,
      handler: async (_ctx, params) => {
        onlyFields(name, params, fields);
        return handler(params);
      },
    });
  method('tx.submit', 'send_transactions', ['hex'], (params) => mempool.submit(hexParam(params)));
  method('tx.get', 'read_blockchain', ['txid'], (params) => txLookup(mempool, store, hashParam(params, 'txid')));
  method('tx.status', 'read_blockchain', ['txid'], (params) => mempool.status(hashParam(params, 'txid')));
}

export function registerMempoolControl(control: ControlServer, mempool: Mempool, store: ChainStore): void {
  const method = (name: string, fields: readonly string[], handler: Handler): void =>
    control.register(name, async (params: unknown) => {
      onlyFields(name, params, fields);
      return handler(params);
    });
  method('sendrawtransaction', ['hex'], (params) => mempool.submit(hexParam(params)));
  method('gettransaction', ['txid'], (params) => txLookup(mempool, store, hashParam(params, 'txid')));
  method('gettxstatus', ['txid'], (params) => mempool.status(hashParam(params, 'txid')));
  method('getmempool', [], async () => ({ policy: store.mempoolPolicy, transactions: await mempool.list() }));
}

/** A mempool transaction, else a confirmed one of the best chain (status "confirmed"), else not_found. */
async function txLookup(mempool: Mempool, store: ChainStore, txid: string): Promise<MempoolTxView | (TxView & { status: 'confirmed' })> {
  const status = await mempool.status(txid);
  if (status.status === 'mempool') return mempool.get(txid);
  if (status.status === 'confirmed') return { status: 'confirmed', ...(await store.transaction(txid)) };
  throw new BlvmError('not_found', `no transaction ${status.txid} in the mempool or on the best chain`);
}

function hexParam(params: unknown): string {
  const hex = (typeof params === 'object' && params !== null ? (params as Record<string, unknown>).hex : undefined);
  if (typeof hex !== 'string' || hex.length === 0) throw new BlvmError('usage', `"hex" must be the raw transaction as a hex string, got ${JSON.stringify(hex) ?? 'nothing'}`);
  return hex;
}
