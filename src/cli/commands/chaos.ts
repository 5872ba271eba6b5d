// `blvm chaos run SCENARIO.toml` and the shorthand `blvm chaos <fault> [module] [flags]`:
// inject faults into the running node and print the recovery report (exit 1 on an SLO breach).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runScenario } from '../../chaos/run-scenario.js';
import { formatReport } from '../../chaos/report.js';
import { FAULT_KINDS, parseScenario, type Scenario } from '../../chaos/scenario.js';
import { suggestion } from '../../config/did-you-mean.js';
import { BlvmError } from '../../errors.js';
import { controlSocketPath } from '../../supervision/module-paths.js';
import type { CliIo } from '../io.js';

const USAGE = `usage: blvm chaos run SCENARIO.toml [--json]
       blvm chaos <${FAULT_KINDS.join('|')}> [module] [--every 2s] [--for 60s] [--count N]
             [--signal SIGKILL] [--duration 2s] [--starts N] [--settle 30s] [--recover-p99 2s] [--json]`;

const FAULT_HELP: Record<(typeof FAULT_KINDS)[number], string> = {
  kill: "a signal (--signal, default SIGKILL) to the module's process group",
  hang: 'SIGSTOP to the group for --duration, then SIGCONT (past the ping budget it is restarted)',
  'crash-loop': 'kill the module; its next --starts starts fail before the handshake',
  'slow-start': 'kill the module; its next start is delayed by --duration',
  garbage: "write bytes that are not a frame to the module's connection",
  disconnect: "close the module's socket",
  memory: 'SIGUSR2, the cue to balloon until its max_memory limit stops it (the bundled crash-test does)',
  'node-kill': 'SIGKILL the daemon itself, then start it again in the background',
};

/** The fault list shown by `blvm chaos --help`. */
export async function helpText(): Promise<string> {
  const width = Math.max(...FAULT_KINDS.map((k) => k.length));
  return [
    'faults:',
    ...FAULT_KINDS.map((k) => `  ${k.padEnd(width)}  ${FAULT_HELP[k]}`),
    '',
    'flags: --every 2s --for 60s --count N repeat the fault; --settle 30s waits for recovery;',
    '       --recover-p99 2s fails (exit 1) when recovery is slower; --json prints the report as JSON',
    'scenario files and the report: docs/crash-recovery-testing.md',
    '',
  ].join('\n');
}

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
    throw new BlvmError('usage', `unknown chaos command "${sub}"${suggestion(sub, ['run', ...FAULT_KINDS])}\n${USAGE}`);
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
