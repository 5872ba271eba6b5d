// `blvm governance close ID --key K [--name N] [--url URL] [--json]`: after the proposal
// closes, tallies the server's votes by the rules of docs/governance.md, signs the result
// and posts it; the result is final once the governance threshold of maintainers has signed.
import { BlvmError } from '../../errors.js';
import { GovernanceClient } from '../../governance/governance-client.js';
import { governanceTrust } from '../../governance/governance-trust.js';
import { parseProposal } from '../../governance/proposal-shape.js';
import { signResult } from '../../governance/signing.js';
import { buildResult } from '../../governance/tally.js';
import { verifyProposal } from '../../governance/verify-documents.js';
import { parseVote } from '../../governance/vote-shape.js';
import { readPrivateKeyFile } from '../../trust/keys.js';
import type { CliIo } from '../io.js';
import { printJson } from './chain-args.js';
import { governanceArgs, serverUrl } from './governance-args.js';

const USAGE = 'usage: blvm governance close ID --key K [--name NAME] [--url URL] [--json]';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = governanceArgs(argv, 1, USAGE, ['key', 'name', 'url', 'json']);
  if (!args.key) throw new BlvmError('usage', `--key FILE is required\n${USAGE}`);
  const privateKey = await readPrivateKeyFile(args.key);
  const client = new GovernanceClient(await serverUrl(io, args.url));
  const proposal = parseProposal(await client.proposal(args.positionals[0]));
  const report = verifyProposal(proposal, governanceTrust(await io.config()));
  if (!report.ok) throw new BlvmError('signature_failed', `proposal ${proposal.id} on the server does not verify: ${report.problems.join('; ')}`);
  if (Date.now() < Date.parse(proposal.closes_at)) throw new BlvmError('conflict', `proposal ${proposal.id} is open until ${proposal.closes_at}; close it after that`);
  const votes = (await client.votes(proposal.id)).votes.map((v) => parseVote(v));
  const result = signResult(buildResult(proposal, votes), privateKey, args.name);
  const answer = await client.sendResult(result);
  if (args.json) printJson(io.stdout, { result, ...answer });
  else {
    const tally = Object.entries(result.tally).map(([choice, n]) => `${choice} ${n}`).join(', ');
    io.stdout(`${proposal.id}: ${result.outcome} (${tally}; ${result.counted.length} vote(s) counted, quorum ${proposal.quorum})\n`);
    io.stdout(answer.final ? `result final: signed by ${answer.signers.join(', ')}\n` : `result not final yet: signed by ${answer.signers.join(', ')}; ${report.required} signatures required\n`);
  }
  return 0;
}
