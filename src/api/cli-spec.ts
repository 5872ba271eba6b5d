// A module's CLI spec (`cli.register`, blvm's RegisterCliSpec): a command group, its
// subcommands and their arguments, validated strictly so the CLI can parse and show help.
import { apiError } from '../ipc/api-errors.js';
import { optionalBoolean, optionalString, optionalText, paramsOf, requiredArray, requiredString, type Params } from './params.js';

export interface CliArgSpec {
  name: string;
  /** `--long`; with `short` or `long` the arg is an option, otherwise a positional. */
  long?: string;
  short?: string;
  /** Options only: takes a value (`-n 5`) rather than being a flag. */
  takes_value: boolean;
  required: boolean;
  help: string;
}

export interface CliCommandSpec {
  name: string;
  about: string;
  args: CliArgSpec[];
}

export interface CliSpec {
  name: string;
  about: string;
  commands: CliCommandSpec[];
}

export interface RegisteredCli extends CliSpec {
  module: string;
  instance_id: string;
}

/** First words the blvm CLI keeps for itself. */
export const RESERVED_CLI_GROUPS = [
  'start', 'stop', 'status', 'logs', 'events', 'inspect', 'keygen', 'chain', 'module', 'registry', 'chaos', 'help', 'version',
];

const WORD = /^[a-z][a-z0-9-]{0,31}$/;
const ARG_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
const SHORT = /^[A-Za-z]$/;
const TEXT_MAX = 300;
const m = 'cli.register';

/** Validates `cli.register` params; every problem names its field. */
export function readCliSpec(params: unknown): CliSpec {
  const p = paramsOf(m, params, ['name', 'about', 'commands']);
  const name = requiredString(m, p, 'name', WORD, 'a lowercase word (letters, digits, "-"; at most 32)');
  if (RESERVED_CLI_GROUPS.includes(name)) {
    throw apiError('invalid_request', `${m}: "name": "${name}" is a built-in blvm command and cannot be a module group`);
  }
  const commands = requiredArray(m, p, 'commands', 50).map((raw, i) => readCommand(raw, `commands[${i}]`));
  unique(commands.map((c) => c.name), 'commands');
  return { name, about: text(p, 'about', m), commands };
}

function readCommand(raw: unknown, field: string): CliCommandSpec {
  const p = objectAt(raw, field, ['name', 'about', 'args']);
  const where = `${m} ${field}`;
  const name = requiredString(where, p, 'name', WORD, 'a lowercase word (letters, digits, "-"; at most 32)');
  if (name === 'help') throw apiError('invalid_request', `${where}: "help" is reserved`);
  const rawArgs = p.args === undefined ? [] : p.args;
  if (!Array.isArray(rawArgs) || rawArgs.length > 20) {
    throw apiError('invalid_request', `${where}: "args" must be an array of at most 20 arguments`);
  }
  const args = rawArgs.map((a, i) => readArg(a, `${field}.args[${i}]`));
  unique(args.map((a) => a.name), `${field}.args`);
  unique(args.flatMap((a) => (a.long ? [a.long] : [])), `${field}.args long names`);
  unique(args.flatMap((a) => (a.short ? [a.short] : [])), `${field}.args short names`);
  return { name, about: text(p, 'about', where), args };
}

function readArg(raw: unknown, field: string): CliArgSpec {
  const p = objectAt(raw, field, ['name', 'long', 'short', 'takes_value', 'required', 'help']);
  const where = `${m} ${field}`;
  const name = requiredString(where, p, 'name', ARG_NAME, 'a lowercase name (letters, digits, "_", "-")');
  const long = optionalString(where, p, 'long', WORD, 'a lowercase word, without the leading "--"');
  const short = optionalString(where, p, 'short', SHORT, 'a single letter, without the leading "-"');
  if (long === 'help' || short === 'h') throw apiError('invalid_request', `${where}: --help and -h are reserved`);
  const takesValue = optionalBoolean(where, p, 'takes_value') ?? false;
  if (takesValue && !long && !short) {
    throw apiError('invalid_request', `${where}: "takes_value" applies to options only (give "long" or "short")`);
  }
  return { name, long, short, takes_value: takesValue, required: optionalBoolean(where, p, 'required') ?? false, help: text(p, 'help', where) };
}

function objectAt(raw: unknown, field: string, allowed: string[]): Params {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw apiError('invalid_request', `${m}: "${field}" must be an object, got ${JSON.stringify(raw)}`);
  }
  return paramsOf(`${m} ${field}`, raw, allowed);
}

function text(p: Params, field: string, where: string): string {
  return optionalText(where, p, field, TEXT_MAX) ?? '';
}

function unique(names: string[], field: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw apiError('invalid_request', `${m}: ${field}: "${name}" appears twice`);
    seen.add(name);
  }
}
