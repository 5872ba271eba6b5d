// The governance daemon service: loads (or creates) the node identity key, opens
// data/governance.sqlite, serves the governance module API and control methods, and polls
// the governance server every [governance].poll_interval.
import type { DaemonContext, DaemonService } from '../daemon/services.js';
import { registerGovernanceApi } from './governance-api.js';
import { registerGovernanceControl } from './governance-control.js';
import { GovernanceNode } from './governance-node.js';
import { governanceTrust } from './governance-trust.js';
import { loadNodeIdentity } from './identity-key.js';
import { GovernanceNodeStore } from './node-store.js';

/** The running service's node, for the inspector (undefined before start). */
export interface GovernanceServiceHandle extends DaemonService {
  node(): GovernanceNode | undefined;
}

export function createGovernanceService(): GovernanceServiceHandle {
  let store: GovernanceNodeStore | undefined;
  let node: GovernanceNode | undefined;
  let timer: NodeJS.Timeout | undefined;
  return {
    name: 'governance',
    node: () => node,
    async start(ctx: DaemonContext): Promise<void> {
      const log = ctx.log.child({ component: 'governance' });
      const identity = await loadNodeIdentity(ctx.config.node.data_dir);
      store = await GovernanceNodeStore.open(ctx.config.node.data_dir);
      const { url, voters, poll_interval: interval } = ctx.config.governance;
      node = new GovernanceNode({
        store,
        identity,
        trust: governanceTrust(ctx.config),
        url,
        publish: (type, payload) => ctx.events.publish(type, payload),
        warn: (message, fields) => log.warn(message, fields),
      });
      registerGovernanceApi(ctx.api, node, voters);
      registerGovernanceControl(ctx.control, node);
      log.info('governance ready', { node_key: identity.publicKey, server: url || 'none' });
      if (url === '') return;
      const poll = (): void => void node?.sync();
      poll();
      timer = setInterval(poll, interval);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      await node?.settled();
      await store?.close();
    },
  };
}
