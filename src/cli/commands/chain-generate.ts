// `blvm chain generate N [--json]`: mines N regtest blocks on the running node's tip.
import type { ChainTip } from '../../chain/chain-views.js';
import { controlCall } from '../../control/control-client.js';
import { BlvmError } from '../../errors.js';
import { controlSocketPath } from '../../supervision/module-paths.js';
import type { CliIo } from '../io.js';
import { chainArgs, printJson } from './chain-args.js';

const USAGE = 'usage: blvm chain generate N [--json]';
const BASE_TIMEOUT_MS = 60_000;
const TIMEOUT_PER_BLOCK_MS = 100;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = chainArgs(argv, 1, USAGE);
  const text = args.positionals[0];
  const count = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(count >= 1)) throw new BlvmError('usage', `N: expected a number of blocks ≥ 1, got "${text}"\n${USAGE}`);
  const config = await io.config();
  const result = (await controlCall(controlSocketPath(config.node.data_dir), 'generate', { count }, {
    timeoutMs: BASE_TIMEOUT_MS + count * TIMEOUT_PER_BLOCK_MS,
  })) as { hashes: string[]; tip: ChainTip };
  if (args.json) printJson(io.stdout, result);
  else io.stdout(result.hashes.map((h) => h + '\n').join(''));
  return 0;
}
