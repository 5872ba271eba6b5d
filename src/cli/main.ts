// The `blvm` command line: global flags, then dispatch to one command module.
import { loadConfig } from '../config/load-config.js';
import type { NodeConfig } from '../config/types.js';
import { errorText, isBlvmError } from '../errors.js';
import { NODE_VERSION } from '../version.js';
import { handleClosedOutput } from './closed-output.js';
import { findCommand, helpText, isBuiltinWord, type CommandEntry } from './command-table.js';
import { optionErrorText, unknownCommandHint } from './usage-hints.js';
import { EXIT_FAILURE, EXIT_USAGE, type CliIo } from './io.js';

/** Pulls `--config FILE` / `--config=FILE` out of argv wherever it stands. */
export function extractConfigFlag(argv: string[]): { rest: string[]; flag?: string; error?: string } {
  const rest: string[] = [];
  let flag: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--config') {
      if (i + 1 >= argv.length) return { rest, error: '--config needs a file path' };
      flag = argv[++i];
    } else if (arg.startsWith('--config=')) flag = arg.slice('--config='.length);
    else rest.push(arg);
  }
  return { rest, flag };
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const stdout = (s: string) => void process.stdout.write(s);
  const stderr = (s: string) => void process.stderr.write(s);
  const { rest, flag, error } = extractConfigFlag(argv);
  handleClosedOutput(rest[0] === 'start');
  if (error) {
    stderr(`blvm: ${error}\n`);
    return EXIT_USAGE;
  }
  let cached: Promise<NodeConfig> | undefined;
  const io: CliIo = {
    stdout,
    stderr,
    config: () => (cached ??= loadConfig({ flag, env, cwd: process.cwd() })),
    configFlag: flag,
    isTty: Boolean(process.stdout.isTTY),
  };
  if (rest.length === 0 || rest[0] === '--help' || rest[0] === '-h' || rest[0] === 'help') {
    stdout(await helpText(io));
    return rest.length === 0 ? EXIT_USAGE : 0;
  }
  if (rest[0] === '--version' || rest[0] === '-V') {
    stdout(`blvm ${NODE_VERSION}\n`);
    return 0;
  }
  const found = findCommand(rest);
  if (!found) {
    const hint = unknownCommandHint(rest);
    if (rest[0].startsWith('-') || isBuiltinWord(rest[0])) {
      stderr(`blvm: ${hint ?? `unknown command "${rest.join(' ')}"`}\nrun "blvm --help" for the list of commands\n`);
      return EXIT_USAGE;
    }
    // A module group of the running node wins over a did-you-mean guess, which is shown only when no group matches.
    return runSafely(() => import('./commands/module-cli.js').then((m) => m.runModuleGroup(rest, io, hint)), stderr);
  }
  if (found.args.includes('--help') || found.args.includes('-h')) {
    const more = found.command.help ? `\n${await found.command.help()}` : '';
    stdout(`${found.command.usage}\n  ${found.command.summary}\n${more}`);
    return 0;
  }
  return runSafely(() => found.command.load().then((m) => m.run(found.args, io)), stderr, found.command);
}

// Every failure becomes a message and an exit code; never a stack trace.
async function runSafely(fn: () => Promise<number>, stderr: (s: string) => void, command?: CommandEntry): Promise<number> {
  try {
    return await fn();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      stderr(`blvm: ${optionErrorText(error as Error, command)}\n`);
      return EXIT_USAGE;
    }
    stderr(`blvm: ${errorText(error)}\n`);
    if (isBlvmError(error) && error.code === 'usage') return EXIT_USAGE;
    return EXIT_FAILURE;
  }
}
