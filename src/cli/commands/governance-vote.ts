// `blvm governance vote ID CHOICE [--rationale TEXT] [--json]`: the operator votes, signed
// with the node key; the vote is delivered now or queued until the server is reachable.
import type { CastVote } from '../../governance/governance-node.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { printJson } from './chain-args.js';
import { governanceArgs } from './governance-args.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = governanceArgs(argv, 2, 'usage: blvm governance vote ID CHOICE [--rationale TEXT] [--json]', ['json', 'rationale']);
  const [id, choice] = args.positionals;
  const cast = await daemonCall<CastVote>(io, 'governance.vote', { id, choice, ...(args.rationale === undefined ? {} : { rationale: args.rationale }) });
  if (args.json) printJson(io.stdout, cast);
  else io.stdout(cast.state === 'delivered' ? `voted ${choice} on ${id}: delivered (vote ${cast.hash})\n` : `voted ${choice} on ${id}: queued, the server is unreachable (${cast.detail}); it is sent when the server is back\n`);
  return 0;
}
