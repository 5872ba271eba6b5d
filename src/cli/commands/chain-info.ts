// `blvm chain info [--json]`
import type { ChainInfo } from '../../chain/chain-views.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { chainArgs, printJson } from './chain-args.js';
import { formatInfo } from './chain-format.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = chainArgs(argv, 0, 'usage: blvm chain info [--json]');
  const info = await daemonCall<ChainInfo>(io, 'getchaininfo');
  if (args.json) printJson(io.stdout, info);
  else io.stdout(formatInfo(info));
  return 0;
}
