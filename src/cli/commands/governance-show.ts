// `blvm governance show ID [--json]`: one verified proposal and this node's votes on it.
import type { ProposalView } from '../../governance/governance-node.js';
import type { OwnVote } from '../../governance/node-store.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { printJson } from './chain-args.js';
import { governanceArgs } from './governance-args.js';
import { formatProposal } from './governance-format.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = governanceArgs(argv, 1, 'usage: blvm governance show ID [--json]');
  const shown = await daemonCall<{ proposal: ProposalView; votes: OwnVote[] }>(io, 'governance.show', { id: args.positionals[0] });
  if (args.json) printJson(io.stdout, shown);
  else io.stdout(formatProposal(shown.proposal, shown.votes));
  return 0;
}
