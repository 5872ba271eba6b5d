// `blvm chaos run SCENARIO.toml` and the shorthand `blvm chaos <fault> [module] [flags]`:
// inject faults into the running node and print the recovery report (exit 1 on an SLO breach).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runScenario } from '../../chaos/run-scenario.js';
import { formatReport } from '../../chaos/report.js';
import { FAULT_KINDS, parseScenario, type Scenario } from '../../chaos/scenario.js';
import { BlvmError } from '../../errors.js';
import { controlSocketPath } from '../../supervision/module-paths.js';
import type { CliIo } from '../io.js';

const USAGE = `usage: blvm chaos run SCENARIO.toml [--json]
       blvm chaos <${FAULT_KINDS.join('|')}> [module] [--every 2s] [--for 60s] [--count N]
             [--signal SIGKILL] [--duration 2s] [--starts N] [--settle 30s] [--recover-p99 2s] [--json]`;

const FLAGS = {
  json: { type: 'boolean' },
  every: { type: 'string' },
  for: { type: 'string' },
  count: { type: 'string' },
  signal: { type: 'string' },
  duration: { type: 'string' },
  starts: { type: 'string' },
  settle: { type: 'string' },
  'recover-p99': { type: 'string' },
} as const;

/** The shorthand flags as a one-fault scenario file, so both paths share one parser. */
function shorthandScenario(kind: string, module: string | undefined, v: Record<string, string | boolean | undefined>): Scenario {
  const lines = ['[[fault]]', `kind = ${JSON.stringify(kind)}`];
  if (module) lines.push(`module = ${JSON.stringify(module)}`);
  for (const key of ['every', 'for', 'signal', 'duration', 'settle'] as const) {
    if (typeof v[key] === 'string') lines.push(`${key} = ${JSON.stringify(v[key])}`);
  }
  for (const key of ['count', 'starts'] as const) {
    if (typeof v[key] === 'string') {
      if (!/^\d+$/.test(v[key] as string)) throw new BlvmError('usage', `--${key}: expected a whole number, got "${v[key]}"`);
      lines.push(`${key} = ${v[key]}`);
    }
  }
  if (typeof v['recover-p99'] === 'string') lines.push('[slo]', `recover_p99 = ${JSON.stringify(v['recover-p99'])}`);
  try {
    return parseScenario(lines.join('\n') + '\n', `blvm chaos ${kind}`);
  } catch (error) {
    throw new BlvmError('usage', (error as BlvmError).message, { details: (error as BlvmError).details, cause: error });
  }
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: FLAGS, allowPositionals: true });
  const [sub, target] = positionals;
  if (!sub || positionals.length > 2) throw new BlvmError('usage', USAGE);
  let scenario: Scenario;
  if (sub === 'run') {
    if (!target) throw new BlvmError('usage', USAGE);
    scenario = parseScenario(await readFile(target, 'utf8').catch((cause) => {
      throw new BlvmError('not_found', `cannot read scenario ${target}: ${(cause as Error).message}`, { cause });
    }), target);
  } else if ((FAULT_KINDS as readonly string[]).includes(sub)) {
    scenario = shorthandScenario(sub, target, values);
  } else {
    throw new BlvmError('usage', `unknown chaos command "${sub}"\n${USAGE}`);
  }
  const config = await io.config();
  const report = await runScenario(scenario, {
    socketPath: controlSocketPath(config.node.data_dir),
    configFile: config.file,
    dataDir: config.node.data_dir,
    progress: values.json ? undefined : (line) => io.stderr(line + '\n'),
  });
  io.stdout(values.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
  return report.ok ? 0 : 1;
}
