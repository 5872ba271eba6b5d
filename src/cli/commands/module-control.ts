// `blvm module load|unload|reload|release <name>`: one control call each. Exit 1 when the
// module ends rejected, quarantined or failing (or, for unload, not stopped), with the reason.
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import type { CommandOutcome } from '../../daemon/node-runtime.js';
import { longestSettleMs } from '../../supervision/resolved-policy.js';
import { daemonCall } from '../daemon-call.js';
import { EXIT_FAILURE, EXIT_OK, type CliIo } from '../io.js';

const METHODS: Record<string, string> = {
  load: 'loadmodule',
  unload: 'unloadmodule',
  reload: 'reloadmodule',
  release: 'releasemodule',
};

/** Slack on top of the daemon's own settle deadline for the call itself. */
const CALL_SLACK_MS = 10_000;

export async function runVerb(verb: string, argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new BlvmError('usage', `usage: blvm module ${verb} <name>`);
  const timeoutMs = longestSettleMs(await io.config()) + CALL_SLACK_MS;
  const result = await daemonCall<CommandOutcome>(io, METHODS[verb], { name: positionals[0] }, { timeoutMs });
  if (values.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
  else if (result.ok) io.stdout(`${result.message}\n`);
  else io.stderr(`blvm: ${result.message}\n`);
  return result.ok ? EXIT_OK : EXIT_FAILURE;
}
