// The chain's module API: read_chain_state for tip, height and chain info; read_blockchain for
// block hashes, headers, blocks and transactions. Unknown objects answer not_found, bad
// parameters invalid_request (the store's BlvmError codes map onto them).
import type { ApiMethod, ApiRegistry } from '../daemon/services.js';
import { blockRefParam, formatParam, hashParam, heightParam, onlyFields } from './chain-request-params.js';
import type { ChainStore } from './chain-store.js';

type Handler = (params: unknown) => Promise<unknown>;

export function registerChainApi(api: ApiRegistry, store: ChainStore): void {
  const method = (name: string, capability: string, fields: readonly string[], handler: Handler): void => {
    const def: ApiMethod = {
      capability,
      handler: async (_ctx, params) => {
        onlyFields(name, params, fields);
        return handler(params);
      },
    };
    api.register(name, def);
  };
  method('chain.tip', 'read_chain_state', [], async () => store.tip());
  method('chain.height', 'read_chain_state', [], async () => ({ height: store.height(), hash: store.tip().hash }));
  method('chain.info', 'read_chain_state', [], async () => store.info());
  method('chain.blockHash', 'read_blockchain', ['height'], async (params) => {
    const height = heightParam(params);
    return { height, hash: store.blockHashAt(height) };
  });
  method('chain.header', 'read_blockchain', ['hash', 'height'], (params) => store.header(blockRefParam(params)));
  method('chain.block', 'read_blockchain', ['hash', 'height', 'format'], (params) => store.block(blockRefParam(params), formatParam(params)));
  method('chain.tx', 'read_blockchain', ['txid'], (params) => store.transaction(hashParam(params, 'txid')));
}
