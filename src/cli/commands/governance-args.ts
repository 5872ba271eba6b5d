// Argument handling shared by the `blvm governance …` commands.
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import type { CliIo } from '../io.js';

export interface GovernanceArgs {
  positionals: string[];
  json: boolean;
  key?: string;
  name?: string;
  url?: string;
  rationale?: string;
  status?: string;
}

const OPTIONS = {
  json: { type: 'boolean' },
  key: { type: 'string' },
  name: { type: 'string' },
  url: { type: 'string' },
  rationale: { type: 'string' },
  status: { type: 'string' },
} as const;

/** Exactly `count` positionals and only the `allowed` options, else a usage error showing `usage`. */
export function governanceArgs(argv: string[], count: number, usage: string, allowed: (keyof typeof OPTIONS)[] = ['json']): GovernanceArgs {
  const options = Object.fromEntries(allowed.map((k) => [k, OPTIONS[k]]));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new BlvmError('usage', `${(error as Error).message}\n${usage}`);
  }
  if (parsed.positionals.length !== count) throw new BlvmError('usage', usage);
  return { positionals: parsed.positionals, ...(parsed.values as Omit<GovernanceArgs, 'positionals' | 'json'>), json: parsed.values.json === true };
}

/** --url, else [governance].url of the config. */
export async function serverUrl(io: CliIo, url: string | undefined): Promise<string> {
  const chosen = url ?? (await io.config()).governance.url;
  if (!chosen) throw new BlvmError('usage', 'no governance server: pass --url URL or set [governance].url in blvm.toml');
  return chosen;
}
