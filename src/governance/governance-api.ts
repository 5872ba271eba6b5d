// The governance module API. Reading needs `read_governance` or `governance_vote`; voting
// needs `governance_vote` and the module's name in [governance].voters, and a refusal names
// every one that is missing.
import { onlyFields } from '../chain/chain-request-params.js';
import type { ApiRegistry } from '../daemon/services.js';
import { apiError } from '../ipc/api-errors.js';
import type { RequestContext } from '../ipc/request-runner.js';
import type { GovernanceNode } from './governance-node.js';
import { idParam, optionalString, statusParam } from './request-params.js';

const READ = ['read_governance', 'governance_vote'];

function mayRead(method: string, ctx: RequestContext): void {
  if (READ.some((c) => ctx.capabilities.includes(c))) return;
  throw apiError('permission_denied', `${method} needs the capability "read_governance" or "governance_vote", and module ${ctx.module} holds neither`);
}

function mayVote(ctx: RequestContext, voters: readonly string[]): void {
  const missing: string[] = [];
  if (!ctx.capabilities.includes('governance_vote')) missing.push('the capability "governance_vote"');
  if (!voters.includes(ctx.module)) missing.push('a place in [governance].voters of blvm.toml');
  if (missing.length > 0) throw apiError('permission_denied', `governance.vote: module ${ctx.module} may not vote for this node: it lacks ${missing.join(' and ')}`);
}

export function registerGovernanceApi(api: ApiRegistry, node: GovernanceNode, voters: readonly string[]): void {
  const read = (name: string, fields: string[], handler: (params: unknown) => Promise<unknown>): void =>
    api.register(name, {
      capability: null,
      handler: async (ctx, params) => {
        mayRead(name, ctx);
        onlyFields(name, params, fields);
        return handler(params);
      },
    });
  read('governance.proposals', ['status'], async (params) => ({ proposals: await node.proposals(statusParam(params)) }));
  read('governance.proposal', ['id'], (params) => node.proposal(idParam(params)));
  read('governance.results', ['id'], (params) => node.result(idParam(params)));
  api.register('governance.vote', {
    capability: null,
    handler: async (ctx, params) => {
      mayVote(ctx, voters);
      onlyFields('governance.vote', params, ['id', 'choice', 'rationale']);
      return node.vote(idParam(params), optionalString(params, 'choice', true) as string, optionalString(params, 'rationale'), ctx.module);
    },
  });
}
