// `blvm chain generate N [--to-wallet | --to-script HEX] [--json] [-v]`: mines N regtest blocks on
// the running node's tip (paying each coinbase to a fresh node wallet address, to the given output
// script, or by default OP_TRUE), with a progress bar on a terminal and a one-line summary; the
// block hashes with -v or --json.
import { parseArgs } from 'node:util';
import type { ChainTip } from '../../chain/chain-views.js';
import { BlvmError } from '../../errors.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { printJson } from './chain-args.js';
import { progressBar } from './chain-progress.js';

const USAGE = 'usage: blvm chain generate N [--to-wallet | --to-script HEX] [--json] [-v]';
const BASE_TIMEOUT_MS = 60_000;
const TIMEOUT_PER_BLOCK_MS = 100;
const PROGRESS_POLL_MS = 250;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, verbose: { type: 'boolean', short: 'v' }, 'to-script': { type: 'string' }, 'to-wallet': { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new BlvmError('usage', USAGE);
  if (values['to-wallet'] && values['to-script'] !== undefined) throw new BlvmError('usage', `--to-wallet and --to-script both name the payout; give one\n${USAGE}`);
  const text = positionals[0];
  const count = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(count >= 1)) throw new BlvmError('usage', `N: expected a number of blocks ≥ 1, got "${text}"\n${USAGE}`);
  const start = await daemonCall<ChainTip>(io, 'getchaintip');
  const began = Date.now();
  const stopProgress = io.isTty && !values.json ? showProgress(io, start.height, count) : () => {};
  let result: { hashes: string[]; tip: ChainTip };
  try {
    result = await daemonCall(io, values['to-wallet'] ? 'walletgenerate' : 'generate', { count, ...(values['to-script'] === undefined ? {} : { payout_script: values['to-script'] }) }, { timeoutMs: BASE_TIMEOUT_MS + count * TIMEOUT_PER_BLOCK_MS });
  } catch (error) {
    stopProgress(false);
    throw error;
  }
  stopProgress(true);
  if (values.json) {
    printJson(io.stdout, result);
    return 0;
  }
  if (values.verbose) io.stdout(result.hashes.map((h) => h + '\n').join(''));
  const first = result.tip.height - result.hashes.length + 1;
  const heights = result.hashes.length === 1 ? `height ${first}` : `heights ${first}..${result.tip.height}`;
  io.stdout(
    `mined ${result.hashes.length} block${result.hashes.length === 1 ? '' : 's'} (${heights}) in ${((Date.now() - began) / 1000).toFixed(1)} s; tip ${result.tip.hash}\n`,
  );
  return 0;
}

// Polls the tip while the daemon mines (the generate call answers only at the end).
function showProgress(io: CliIo, fromHeight: number, count: number): (finished: boolean) => void {
  const bar = progressBar(io.stderr, 'mining');
  let busy = false;
  let drawn = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    daemonCall<ChainTip>(io, 'getchaintip', {}, { timeoutMs: 2000 })
      .then((tip) => {
        bar.update(Math.min(count, Math.max(0, tip.height - fromHeight)), count);
        drawn = true;
      })
      .catch(() => {})
      .finally(() => (busy = false));
  }, PROGRESS_POLL_MS);
  return (finished) => {
    clearInterval(timer);
    if (finished && drawn) bar.update(count, count);
    bar.end();
  };
}
