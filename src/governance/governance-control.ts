// The operator's governance methods on the control socket, used by `blvm governance
// list|show|vote|results` and `blvm node id`. Operator votes are signed with the node key.
import { onlyFields } from '../chain/chain-request-params.js';
import type { ControlServer } from '../control/control-server.js';
import type { GovernanceNode } from './governance-node.js';
import { idParam, optionalString, statusParam } from './request-params.js';

export function registerGovernanceControl(control: ControlServer, node: GovernanceNode): void {
  const method = (name: string, fields: readonly string[], handler: (params: unknown) => Promise<unknown>): void =>
    control.register(name, async (params: unknown) => {
      onlyFields(name, params, fields);
      return handler(params);
    });
  method('governance.list', ['status'], async (params) => ({
    node: node.publicKey,
    proposals: await node.proposals(statusParam(params)),
    rejected: await node.rejected(),
    votes: await node.ownVotes(),
    last_sync: node.lastSync ?? null,
  }));
  method('governance.show', ['id'], (params) => node.proposal(idParam(params)));
  method('governance.results', ['id'], (params) => node.result(idParam(params)));
  method('governance.vote', ['id', 'choice', 'rationale'], (params) => node.vote(idParam(params), optionalString(params, 'choice', true) as string, optionalString(params, 'rationale'), 'operator'));
  method('governance.sync', [], async () => {
    await node.sync();
    return { last_sync: node.lastSync ?? null };
  });
}
