// `blvm wallet init [--mnemonic-file FILE | --mnemonic WORDS] [--json]`: makes the node wallet
// (or restores it from its words) and prints the words once; an existing wallet is never
// overwritten. Words given with --mnemonic are visible to every local user in the process list,
// so --mnemonic-file (`/dev/stdin` for a pipe) is the way to restore on a shared machine.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { printJson } from './chain-args.js';

const USAGE = 'usage: blvm wallet init [--mnemonic-file FILE | --mnemonic WORDS] [--json]';

function readWords(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new BlvmError('usage', `--mnemonic-file ${file}: ${(error as Error).message}`, { cause: error });
  }
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { mnemonic: { type: 'string' }, 'mnemonic-file': { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 0) throw new BlvmError('usage', USAGE);
  if (values.mnemonic !== undefined && values['mnemonic-file'] !== undefined) throw new BlvmError('usage', `--mnemonic and --mnemonic-file exclude each other; ${USAGE}`);
  const words = values['mnemonic-file'] === undefined ? values.mnemonic : readWords(values['mnemonic-file']);
  const made = await daemonCall<{ mnemonic: string; restored: boolean; nextReceive: number }>(io, 'walletinit', words === undefined ? {} : { mnemonic: words }, { timeoutMs: 600_000 });
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
