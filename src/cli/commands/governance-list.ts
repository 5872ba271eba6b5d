// `blvm governance list [--status open|closed] [--json]`: verified proposals, proposals the
// node refused (with reasons) and this node's votes.
import type { ProposalView } from '../../governance/governance-node.js';
import type { OwnVote } from '../../governance/node-store.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { printJson } from './chain-args.js';
import { governanceArgs } from './governance-args.js';
import { formatProposalLine } from './governance-format.js';

interface Listing {
  node: string;
  proposals: ProposalView[];
  rejected: { id: string; reasons: string[] }[];
  votes: OwnVote[];
  last_sync: { at: number; error?: string } | null;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = governanceArgs(argv, 0, 'usage: blvm governance list [--status open|closed] [--json]', ['json', 'status']);
  const listing = await daemonCall<Listing>(io, 'governance.list', args.status ? { status: args.status } : {});
  if (args.json) {
    printJson(io.stdout, listing);
    return 0;
  }
  if (listing.last_sync?.error) io.stdout(`last poll failed: ${listing.last_sync.error}\n`);
  if (listing.proposals.length === 0) io.stdout('no verified proposals\n');
  for (const p of listing.proposals) io.stdout(formatProposalLine(p, listing.votes));
  for (const r of listing.rejected) io.stdout(`refused ${r.id}: ${r.reasons.join('; ')}\n`);
  return 0;
}
