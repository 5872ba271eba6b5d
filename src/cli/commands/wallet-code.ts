// `blvm wallet code [--json]`: the node's BIP47 payment code (from its wallet's words, m/47'/coin'/0').
import { parseArgs } from 'node:util';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: false });
  const { payment_code } = await daemonCall<{ payment_code: string }>(io, 'walletcode');
  io.stdout(values.json ? JSON.stringify({ payment_code }, null, 2) + '\n' : `${payment_code}\n`);
  return 0;
}
