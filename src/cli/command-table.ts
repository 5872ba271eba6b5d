// Every built-in command: its words, usage line, one-line summary and a lazy loader.
import type { CliIo, CommandRun } from './io.js';

export interface CommandEntry {
  path: string[];
  usage: string;
  summary: string;
  load: () => Promise<{ run: CommandRun }>;
}

const c = (path: string, usage: string, summary: string, load: CommandEntry['load']): CommandEntry => ({
  path: path.split(' '),
  usage: `usage: blvm ${usage}`,
  summary,
  load,
});

const verb = (name: string): CommandEntry['load'] => () =>
  import('./commands/module-control.js').then((m) => ({ run: (argv: string[], io: CliIo) => m.runVerb(name, argv, io) }));

export const COMMANDS: CommandEntry[] = [
  c('start', 'start [--log-format text|json]', 'run the node in the foreground', () => import('./commands/start.js')),
  c('stop', 'stop', 'stop the running node gracefully', () => import('./commands/stop.js')),
  c('status', 'status [--json]', 'node and module status', () => import('./commands/status.js')),
  c('logs', 'logs <module> [-n N] [-f]', "print (and follow) a module's output", () => import('./commands/logs.js')),
  c('keygen', 'keygen --out FILE', 'make a maintainer signing key', () => import('./commands/keygen.js')),
  c('module list', 'module list [--json]', 'list modules of the running node', () => import('./commands/module-list.js')),
  c('module info', 'module info <name> [--json]', 'details of one module', () => import('./commands/module-info.js')),
  c('module load', 'module load <name>', 'start a module (and keep it enabled)', verb('load')),
  c('module unload', 'module unload <name>', 'stop a module (and keep it disabled)', verb('unload')),
  c('module reload', 'module reload <name>', 're-verify and restart a module', verb('reload')),
  c('module release', 'module release <name>', 'release a module from quarantine', verb('release')),
  c('module verify', 'module verify <dir> [--json]', 'verify one module directory offline', () => import('./commands/module-verify.js')),
  c('module sign', 'module sign <dir> --key FILE [--name NAME]', 'hash and sign a module', () => import('./commands/module-sign.js')),
  c('module plan', 'module plan [--json]', 'load order and verdicts for every module', () => import('./commands/module-plan.js')),
  c('chain decode', 'chain decode <file> [--json] [--network N]', 'decode and validate a raw block or header file', () =>
    import('../chain/decode-command.js'),
  ),
];

/** The longest command path that prefixes argv, and the remaining arguments. */
export function findCommand(argv: string[]): { command: CommandEntry; args: string[] } | null {
  let best: CommandEntry | null = null;
  for (const command of COMMANDS) {
    const matches = command.path.every((word, i) => argv[i] === word);
    if (matches && (!best || command.path.length > best.path.length)) best = command;
  }
  return best ? { command: best, args: argv.slice(best.path.length) } : null;
}

export async function helpText(_io: CliIo): Promise<string> {
  const width = Math.max(...COMMANDS.map((cmd) => cmd.usage.length - 'usage: blvm '.length));
  const lines = COMMANDS.map((cmd) => `  blvm ${cmd.usage.slice('usage: blvm '.length).padEnd(width)}  ${cmd.summary}`);
  return [
    'blvm: the module runtime of a minimal Bitcoin node',
    '',
    'usage: blvm <command> [args] [--config FILE]',
    '',
    'commands:',
    ...lines,
    '',
    'Every command takes --config FILE (else $BLVM_CONFIG, else ./blvm.toml).',
    'Exit codes: 0 ok, 1 failure, 2 usage error.',
    '',
  ].join('\n');
}
