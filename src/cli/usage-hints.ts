// Friendlier usage errors: did-you-mean for a misspelt subcommand or option, instead of a bare
// "unknown command" or Node's raw argument-parser message.
import { didYouMean } from '../config/did-you-mean.js';
import { COMMANDS, type CommandEntry } from './command-table.js';

/** A message for argv that names no built-in command, when a close command exists; else undefined. */
export function unknownCommandHint(argv: string[]): string | undefined {
  for (let depth = Math.min(argv.length, 2); depth >= 1; depth--) {
    const prefix = argv.slice(0, depth - 1);
    const word = argv[depth - 1];
    const candidates = COMMANDS.filter((c) => c.path.length >= depth && prefix.every((w, i) => c.path[i] === w)).map((c) => c.path[depth - 1]);
    if (candidates.length === 0 || candidates.includes(word)) continue;
    const match = didYouMean(word, [...new Set(candidates)]);
    const typed = [...prefix, word].join(' ');
    const meant = [...prefix, match].join(' ');
    if (match !== undefined) return `unknown command "blvm ${typed}" (did you mean "blvm ${meant}"?)`;
  }
  return undefined;
}

/** The options a command's usage line names (`--json`, `--no-wait`, …). */
function usageOptions(command: CommandEntry): string[] {
  return [...new Set([...command.usage.matchAll(/--[a-z][a-z0-9-]*/g)].map((m) => m[0]))];
}

/** Node's parseArgs error turned into one line naming the option, a suggestion, and the usage. */
export function optionErrorText(error: Error & { code?: string }, command?: CommandEntry): string {
  const unknown = /Unknown option '([^']+)'/.exec(error.message)?.[1];
  const usage = command ? `\n${command.usage}` : '';
  if (unknown === undefined) return `${error.message}${usage}`;
  const options = command ? usageOptions(command) : [];
  const match = unknown.startsWith('--') ? didYouMean(unknown, options) : undefined;
  return `unknown option ${unknown}${match ? ` (did you mean ${match}?)` : ''}${usage}`;
}
