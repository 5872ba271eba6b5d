// Argument parsing shared by the `blvm chain …` commands.
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';

export interface ChainArgs {
  positionals: string[];
  json: boolean;
  hex: boolean;
}

/** `--json` (and `--hex` where allowed) plus exactly `count` positionals, else a usage error showing `usage`. */
export function chainArgs(argv: string[], count: number, usage: string, opts: { hex?: boolean } = {}): ChainArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, ...(opts.hex ? { hex: { type: 'boolean' as const } } : {}) },
  });
  if (positionals.length !== count) throw new BlvmError('usage', usage);
  return { positionals, json: values.json === true, hex: (values as { hex?: boolean }).hex === true };
}

/** A height (digits) or a block hash (64 hex digits), as control method params. */
export function blockRefArg(arg: string): { height: number } | { hash: string } {
  if (/^\d{1,15}$/.test(arg) && Number.isSafeInteger(Number(arg))) return { height: Number(arg) };
  if (/^[0-9a-fA-F]{64}$/.test(arg)) return { hash: arg.toLowerCase() };
  throw new BlvmError('usage', `expected a block hash (64 hex digits) or a height, got "${arg}"`);
}

export function hashArg(arg: string, what: string): string {
  if (/^[0-9a-fA-F]{64}$/.test(arg)) return arg.toLowerCase();
  throw new BlvmError('usage', `expected a ${what} of 64 hex digits, got "${arg}"`);
}

export function printJson(write: (s: string) => void, value: unknown): void {
  write(JSON.stringify(value, null, 2) + '\n');
}
