// `blvm wallet init [--mnemonic WORDS] [--json]`: makes the node wallet (or restores it from its
// words) and prints the words once; an existing wallet is never overwritten.
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { printJson } from './chain-args.js';

const USAGE = 'usage: blvm wallet init [--mnemonic WORDS] [--json]';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { mnemonic: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 0) throw new BlvmError('usage', USAGE);
  const made = await daemonCall<{ mnemonic: string; restored: boolean; nextReceive: number }>(io, 'walletinit', values.mnemonic === undefined ? {} : { mnemonic: values.mnemonic }, { timeoutMs: 600_000 });
  if (values.json) {
    printJson(io.stdout, made);
    return 0;
  }
  if (made.restored) {
    io.stdout(`wallet restored from its words; ${made.nextReceive} receive address${made.nextReceive === 1 ? ' was' : 'es were'} already used on this chain\n`);
    return 0;
  }
  io.stdout(`wallet created. Write these words down; they are the only backup and are not shown again:\n\n  ${made.mnemonic}\n\n`);
  return 0;
}
