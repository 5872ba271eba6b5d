// `blvm governance propose FILE --key K [--name N] [--url URL]`: adds this maintainer's
// signature to the proposal FILE (rewritten in place); once it carries the governance
// threshold of trusted signatures it is published to the governance server.
import { readFile, writeFile } from 'node:fs/promises';
import { BlvmError } from '../../errors.js';
import { GovernanceClient } from '../../governance/governance-client.js';
import { governanceTrust } from '../../governance/governance-trust.js';
import { parseProposal } from '../../governance/proposal-shape.js';
import { signProposal } from '../../governance/signing.js';
import { verifyProposal } from '../../governance/verify-documents.js';
import { readPrivateKeyFile } from '../../trust/keys.js';
import type { CliIo } from '../io.js';
import { governanceArgs, serverUrl } from './governance-args.js';

const USAGE = 'usage: blvm governance propose FILE --key K [--name NAME] [--url URL]';

async function readProposalFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BlvmError('not_found', `proposal file ${file} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  try {
    const doc = JSON.parse(text) as Record<string, unknown>;
    return { signatures: [], ...doc };
  } catch (error) {
    throw new BlvmError('usage', `proposal file ${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = governanceArgs(argv, 1, USAGE, ['key', 'name', 'url']);
  if (!args.key) throw new BlvmError('usage', `--key FILE is required\n${USAGE}`);
  const file = args.positionals[0];
  const signed = signProposal(parseProposal(await readProposalFile(file), `proposal file ${file}`), await readPrivateKeyFile(args.key), args.name);
  await writeFile(file, JSON.stringify(signed, null, 2) + '\n');
  const report = verifyProposal(signed, governanceTrust(await io.config()));
  if (!report.ok) {
    io.stdout(`signed ${file}: ${report.signers.length} of ${report.required} trusted maintainer signatures (${report.signers.join(', ') || 'none'}); pass the file to the next maintainer\n`);
    return 0;
  }
  const published = await new GovernanceClient(await serverUrl(io, args.url)).publish(signed);
  io.stdout(`published proposal ${published.id} signed by ${published.signers.join(', ')}\n`);
  return 0;
}
