// The chain daemon service: opens data/chain.sqlite for the node's network (creating it with
// the genesis block on first start), publishes chain events on the node event hub, and serves
// the chain's control methods and module API.
import { join } from 'node:path';
import type { DaemonContext, DaemonService } from '../daemon/services.js';
import { registerChainApi } from './chain-module-api.js';
import { registerChainControl } from './chain-control.js';
import { ChainStore } from './chain-store.js';
import { networkParams } from './params.js';

export const CHAIN_STORE_FILE = 'chain.sqlite';

/** The chain service; `height()` is the active chain's tip height (null before it opened). */
export interface ChainService extends DaemonService {
  height(): number | null;
}

export function createChainService(): ChainService {
  let store: ChainStore | undefined;
  const stopping = new AbortController();
  return {
    name: 'chain',
    height: () => (store ? store.tip().height : null),
    async start(ctx: DaemonContext): Promise<void> {
      const log = ctx.log.child({ component: 'chain' });
      store = await ChainStore.open(join(ctx.config.node.data_dir, CHAIN_STORE_FILE), {
        params: networkParams(ctx.config.node.network),
        onEvent: (event) => ctx.events.publish(event.type, { ...event.payload }),
        onListenerError: (error) => log.error('publishing a chain event failed', { reason: String(error) }),
      });
      registerChainControl(ctx.control, store, stopping.signal);
      registerChainApi(ctx.api, store);
      const tip = store.tip();
      log.info('chain store opened', { file: store.file, network: ctx.config.node.network, height: tip.height, tip: tip.hash });
    },
    async stop(): Promise<void> {
      stopping.abort();
      await store?.close();
    },
  };
}
