// `blvm chain header <hash|height> [--json]`
import type { HeaderView } from '../../chain/chain-views.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { blockRefArg, chainArgs, printJson } from './chain-args.js';
import { formatHeader } from './chain-format.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = chainArgs(argv, 1, 'usage: blvm chain header <hash|height> [--json]');
  const header = await daemonCall<HeaderView>(io, 'getblockheader', blockRefArg(args.positionals[0]));
  if (args.json) printJson(io.stdout, header);
  else io.stdout(formatHeader(header));
  return 0;
}
