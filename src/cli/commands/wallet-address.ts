// `blvm wallet address [--json]`: a receive address of the node wallet never handed out before.
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { chainArgs, printJson } from './chain-args.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = chainArgs(argv, 0, 'usage: blvm wallet address [--json]');
  const result = await daemonCall<{ address: string; path: string }>(io, 'walletaddress');
  if (args.json) printJson(io.stdout, result);
  else io.stdout(`${result.address}\n`);
  return 0;
}
