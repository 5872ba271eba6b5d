// Module-provided command groups: `blvm <group> <command> [args]` runs on the module that
// registered the group (runmodulecli), and `blvm --help` lists the running node's groups.
import type { CliRunResult, RegisteredCli } from '../../api/index.js';
import { commandUsage } from '../../api/cli-usage.js';
import { controlCall } from '../../control/control-client.js';
import { errorText } from '../../errors.js';
import { controlSocketPath } from '../../supervision/module-paths.js';
import { EXIT_USAGE, type CliIo } from '../io.js';

/** How long `blvm --help` waits for the daemon before leaving module groups out. */
const HELP_TIMEOUT_MS = 1500;

async function fetchGroups(io: CliIo, timeoutMs?: number): Promise<RegisteredCli[]> {
  const config = await io.config();
  const reply = (await controlCall(controlSocketPath(config.node.data_dir), 'getmoduleclispecs', {}, { timeoutMs })) as { groups: RegisteredCli[] };
  return reply.groups;
}

/** Runs an unknown first word as a module group of the running node; `hint` (a did-you-mean line) is shown when no group has that name. */
export async function runModuleGroup(argv: string[], io: CliIo, hint?: string): Promise<number> {
  const [group, ...args] = argv;
  let groups: RegisteredCli[];
  try {
    groups = await fetchGroups(io);
  } catch (error) {
    io.stderr(`blvm: ${hint ?? `unknown command "${group}"; module command groups come from a running node, and ${errorText(error)}`}\n`);
    io.stderr('run "blvm --help" for the list of commands\n');
    return EXIT_USAGE;
  }
  const spec = groups.find((g) => g.name === group);
  if (!spec) {
    const names = groups.map((g) => g.name);
    io.stderr(`blvm: ${hint ?? `unknown command "${argv.join(' ')}": neither a built-in command nor a module group of the running node (${names.length > 0 ? `module groups: ${names.join(', ')}` : 'no module registered a group'})`}\n`);
    io.stderr('run "blvm --help" for the list of commands\n');
    return EXIT_USAGE;
  }
  const config = await io.config();
  const result = (await controlCall(controlSocketPath(config.node.data_dir), 'runmodulecli', { group, args }, {
    timeoutMs: config.ipc.request_timeout + 5000,
  })) as CliRunResult;
  if (result.stdout) io.stdout(result.stdout);
  if (result.stderr) io.stderr(result.stderr);
  return result.exit_code;
}

/** The module groups section of `blvm --help`; empty when no daemon answers quickly. */
export async function moduleHelpSection(io: CliIo): Promise<string> {
  let groups: RegisteredCli[];
  try {
    groups = await fetchGroups(io, HELP_TIMEOUT_MS);
  } catch {
    return '';
  }
  if (groups.length === 0) return '';
  const rows = groups.flatMap((g) => g.commands.map((c) => ({ usage: commandUsage(g.name, c).slice('blvm '.length), about: c.about || g.about, module: g.module })));
  const width = Math.max(...rows.map((r) => r.usage.length));
  return ['module commands (from the running node):', ...rows.map((r) => `  blvm ${r.usage.padEnd(width)}  ${r.about} [${r.module}]`), ''].join('\n');
}
