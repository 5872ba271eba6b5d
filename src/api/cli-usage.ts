// Parsing `blvm <group> <command> [args]` against a module's CLI spec, and its help text.
import { parseArgs } from 'node:util';
import type { CliArgSpec, CliCommandSpec, CliSpec } from './cli-spec.js';

export interface ParsedCommandArgs {
  /** Options by argument name: the value, or true for a flag. */
  options: Record<string, string | boolean>;
  positionals: string[];
}

const isOption = (a: CliArgSpec): boolean => a.long !== undefined || a.short !== undefined;

function argWord(a: CliArgSpec): string {
  if (!isOption(a)) return a.required ? `<${a.name}>` : `[${a.name}]`;
  const flag = a.long ? `--${a.long}` : `-${a.short}`;
  const word = a.takes_value ? `${flag} ${a.name.toUpperCase()}` : flag;
  return a.required ? word : `[${word}]`;
}

export function commandUsage(group: string, cmd: CliCommandSpec): string {
  return [`blvm ${group} ${cmd.name}`, ...cmd.args.filter(isOption).map(argWord), ...cmd.args.filter((a) => !isOption(a)).map(argWord)].join(' ');
}

/** Help of one command: usage line, description and each argument. */
export function commandHelp(group: string, cmd: CliCommandSpec): string {
  const lines = [`usage: ${commandUsage(group, cmd)}`];
  if (cmd.about) lines.push(`  ${cmd.about}`);
  for (const a of cmd.args) {
    const names = isOption(a) ? [a.short ? `-${a.short}` : '', a.long ? `--${a.long}` : ''].filter(Boolean).join(', ') : a.name;
    lines.push(`  ${names.padEnd(20)} ${a.help}${a.required ? ' (required)' : ''}`);
  }
  return lines.join('\n') + '\n';
}

/** Help of a whole group: one line per command. */
export function groupHelp(spec: CliSpec, module: string): string {
  const usages = spec.commands.map((c) => ({ usage: commandUsage(spec.name, c), about: c.about }));
  const width = Math.max(...usages.map((u) => u.usage.length));
  return [
    `usage: blvm ${spec.name} <command> [args]`,
    `  ${spec.about || `commands of module ${module}`} (module ${module})`,
    '',
    ...usages.map((u) => `  ${u.usage.padEnd(width)}  ${u.about}`),
    '',
  ].join('\n');
}

/** Parses the arguments of one command; throws an Error with a usage message on bad input. */
export function parseCommandArgs(cmd: CliCommandSpec, args: string[]): ParsedCommandArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  const keyOf = new Map<string, string>();
  for (const a of cmd.args.filter(isOption)) {
    const key = a.long ?? a.name;
    options[key] = a.short ? { type: a.takes_value ? 'string' : 'boolean', short: a.short } : { type: a.takes_value ? 'string' : 'boolean' };
    keyOf.set(key, a.name);
  }
  const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  const values: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string' || typeof value === 'boolean') values[keyOf.get(key) ?? key] = value;
  }
  const declared = cmd.args.filter((a) => !isOption(a));
  if (parsed.positionals.length > declared.length) {
    throw new Error(`unexpected argument "${parsed.positionals[declared.length]}"`);
  }
  for (const a of cmd.args.filter((x) => x.required)) {
    const present = isOption(a) ? values[a.name] !== undefined : parsed.positionals.length > declared.indexOf(a);
    if (!present) throw new Error(`missing required argument ${isOption(a) ? argWord({ ...a, required: true }) : `<${a.name}>`}`);
  }
  return { options: values, positionals: parsed.positionals };
}
