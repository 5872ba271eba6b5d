// The chain's operator methods on the control socket (JSON-RPC), used by `blvm chain …`.
import type { ControlServer } from '../control/control-server.js';
import { generateBlocks } from './chain-generate.js';
import { importChainFile } from './chain-import.js';
import { blockRefParam, countParam, payoutScriptParam, formatParam, hashParam, heightParam, onlyFields, pathParam } from './chain-request-params.js';
import type { ChainStore } from './chain-store.js';

export function registerChainControl(control: ControlServer, store: ChainStore, stopping: AbortSignal): void {
  const method = (name: string, fields: readonly string[], handler: (params: unknown) => Promise<unknown>): void =>
    control.register(name, async (params: unknown) => {
      onlyFields(name, params, fields);
      return handler(params);
    });
  method('getchaintip', [], async () => store.tip());
  method('getchaininfo', [], async () => store.info());
  method('getblockhash', ['height'], async (params) => {
    const height = heightParam(params);
    return { height, hash: store.blockHashAt(height) };
  });
  method('getblockheader', ['hash', 'height'], (params) => store.header(blockRefParam(params)));
  method('getblock', ['hash', 'height', 'format'], (params) => store.block(blockRefParam(params), formatParam(params)));
  method('getrawtransaction', ['txid'], (params) => store.transaction(hashParam(params, 'txid')));
  method('generate', ['count', 'payout_script'], async (params) => {
    const hashes = await generateBlocks(store, countParam(params), { signal: stopping, payoutScript: payoutScriptParam(params) });
    return { hashes, tip: store.tip() };
  });
  method('invalidateblock', ['hash'], (params) => store.invalidate(hashParam(params)));
  method('reconsiderblock', ['hash'], (params) => store.reconsider(hashParam(params)));
  control.registerStream(
    'importchain',
    async (params, push) => {
      onlyFields('importchain', params, ['path']);
      return importChainFile(store, pathParam(params), (progress) => push(progress));
    },
  );
}
