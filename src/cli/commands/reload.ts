// `blvm reload`: the daemon re-reads blvm.toml and applies what can change live
// (src/daemon/config-reload.ts). An invalid file changes nothing and exits 1 with its problems;
// a module that did not end as intended exits 1 too.
import { parseArgs } from 'node:util';
import { formatReloadReport, type ReloadReport } from '../../daemon/config-reload.js';
import { longestSettleMs } from '../../supervision/resolved-policy.js';
import { daemonCall } from '../daemon-call.js';
import { EXIT_FAILURE, EXIT_OK, type CliIo } from '../io.js';

/** Several modules may be stopped and started one after the other. */
const MODULE_STEPS = 8;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } } });
  const timeoutMs = longestSettleMs(await io.config()) * MODULE_STEPS;
  const report = await daemonCall<ReloadReport>(io, 'reloadconfig', {}, { timeoutMs });
  io.stdout(values.json ? JSON.stringify(report, null, 2) + '\n' : formatReloadReport(report));
  for (const failure of report.failures) io.stderr(`blvm: ${failure}\n`);
  return report.failures.length === 0 ? EXIT_OK : EXIT_FAILURE;
}
