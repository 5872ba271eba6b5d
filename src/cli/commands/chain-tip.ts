// `blvm chain tip [--json]`
import type { ChainTip } from '../../chain/chain-views.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { chainArgs, printJson } from './chain-args.js';
import { formatTip } from './chain-format.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = chainArgs(argv, 0, 'usage: blvm chain tip [--json]');
  const tip = await daemonCall<ChainTip>(io, 'getchaintip');
  if (args.json) printJson(io.stdout, tip);
  else io.stdout(formatTip(tip));
  return 0;
}
