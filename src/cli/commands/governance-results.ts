// `blvm governance results ID [--json]`: the stored result, whether it is final, and any
// mismatch between its signed tally and the recount of the signed votes.
import type { StoredResult } from '../../governance/node-store.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { printJson } from './chain-args.js';
import { governanceArgs } from './governance-args.js';
import { formatResult } from './governance-format.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = governanceArgs(argv, 1, 'usage: blvm governance results ID [--json]');
  const id = args.positionals[0];
  const result = await daemonCall<StoredResult | { result: null; final: false }>(io, 'governance.results', { id });
  if (args.json) printJson(io.stdout, result);
  else io.stdout(formatResult(id, result));
  return 0;
}
