// The chain daemon service: opens data/chain.sqlite for the node's network (creating it with
// the genesis block on first start), publishes chain events on the node event hub, and serves
// the chain's control methods and module API. Chain events reach the event log exactly once:
// each carries its outbox id, which the event log commits with it; at start the events the
// log does not hold yet are published again.
import { join } from 'node:path';
import type { DaemonContext, DaemonService } from '../daemon/services.js';
import { outboxKey } from '../store/index.js';
import type { ChainEvent } from './chain-events.js';
import { registerChainApi } from './chain-module-api.js';
import { registerChainControl } from './chain-control.js';
import { ChainStore } from './chain-store.js';
import { networkParams } from './params.js';
import { Mempool } from '../mempool/mempool.js';
import { registerMempoolApi, registerMempoolControl } from '../mempool/mempool-api.js';
import { mempoolPolicy } from '../mempool/mempool-policy.js';

export const CHAIN_STORE_FILE = 'chain.sqlite';
/** How long after an event commit the chain store learns how far its outbox was drained. */
const DRAIN_CHECK_MS = 1_000;

/** The chain service; `height()` is the active chain's tip height and `mempool()` the node's mempool (null before it opened). */
export interface ChainService extends DaemonService {
  height(): number | null;
  /** The open chain store (undefined before start). */
  store(): ChainStore | undefined;
  mempool(): Mempool | null;
}

export function createChainService(): ChainService {
  let store: ChainStore | undefined;
  let mempool: Mempool | null = null;
  let drainTimer: NodeJS.Timeout | undefined;
  const cleanups: (() => void)[] = [];
  const stopping = new AbortController();
  return {
    name: 'chain',
    height: () => (store ? store.tip().height : null),
    store: () => store,
    mempool: () => mempool,
    async start(ctx: DaemonContext): Promise<void> {
      const log = ctx.log.child({ component: 'chain' });
      let outbox = '';
      const publish = (event: ChainEvent & { id: number }): void =>
        ctx.events.publish(event.type, { ...event.payload }, { outbox: { name: outbox, id: event.id } });
      const opened = await ChainStore.open(join(ctx.config.node.data_dir, CHAIN_STORE_FILE), {
        params: networkParams(ctx.config.node.network),
        onEvent: publish,
        onListenerError: (error) => log.error('publishing a chain event failed', { reason: String(error) }),
        mempool: mempoolPolicy(ctx.config.mempool),
      });
      outbox = opened.outbox;
      const drainedId = async (): Promise<number> => (await ctx.store.getMeta<number>(outboxKey(outbox))) ?? 0;
      store = opened;
      const backlog = await opened.undrainedEvents(await drainedId());
      if (backlog.length > 0) log.info('publishing chain events committed before the last stop but not in the event log', { count: backlog.length });
      for (const event of backlog) publish(event);
      cleanups.push(
        ctx.store.onEventsCommitted((_seqs, outcome) => {
          if (outcome !== 'committed') return;
          drainTimer ??= setTimeout(() => {
            drainTimer = undefined;
            drainedId().then((id) => opened.markDrained(id), () => {});
          }, DRAIN_CHECK_MS).unref();
        }),
      );
      registerChainControl(ctx.control, opened, stopping.signal);
      registerChainApi(ctx.api, opened);
      mempool = new Mempool(opened);
      registerMempoolControl(ctx.control, mempool, opened);
      registerMempoolApi(ctx.api, mempool, opened);
      const tip = opened.tip();
      log.info('chain store opened', { file: opened.file, network: ctx.config.node.network, height: tip.height, tip: tip.hash });
    },
    async stop(): Promise<void> {
      stopping.abort();
      for (const cleanup of cleanups.splice(0)) cleanup();
      clearTimeout(drainTimer);
      await store?.close();
    },
  };
}
