// CLI groups of modules: `cli.register` on the module socket, `getmoduleclispecs` and
// `runmodulecli` on the control socket (what `blvm <group> <command> [args]` calls).
import type { ControlServer } from '../control/control-server.js';
import type { ApiRegistry } from '../daemon/services.js';
import { BlvmError, errorText } from '../errors.js';
import type { CliRegistry } from './cli-registry.js';
import { readCliSpec } from './cli-spec.js';
import { commandHelp, groupHelp, parseCommandArgs } from './cli-usage.js';
import type { InvokeBroker } from './invoke-broker.js';

export interface CliRunResult {
  exit_code: number;
  stdout: string;
  stderr: string;
}

const HELP = ['--help', '-h', 'help'];

export function registerCliMethods(api: ApiRegistry, control: ControlServer, registry: CliRegistry, broker: InvokeBroker, timeoutMs: number): void {
  api.register('cli.register', {
    capability: 'register_cli',
    handler: async (ctx, params) => {
      const entry = registry.register(ctx.module, ctx.instanceId, readCliSpec(params));
      return { group: entry.name, commands: entry.commands.map((c) => c.name) };
    },
  });
  control.register('getmoduleclispecs', async () => ({ groups: registry.list() }));
  control.register('runmodulecli', async (params: unknown) => {
    const { group, args } = readRunParams(params);
    const spec = registry.get(group);
    if (!spec) {
      const known = registry.list().map((g) => g.name);
      throw new BlvmError('not_found', `no module registered the command group "${group}" (module groups: ${known.join(', ') || 'none'})`);
    }
    const [command, ...rest] = args;
    if (command === undefined || HELP.includes(command)) {
      return command === undefined ? usageError(groupHelp(spec, spec.module)) : { exit_code: 0, stdout: groupHelp(spec, spec.module), stderr: '' };
    }
    const cmd = spec.commands.find((c) => c.name === command);
    if (!cmd) return usageError(`blvm ${group}: unknown command "${command}"\n${groupHelp(spec, spec.module)}`);
    if (rest.some((a) => a === '--help' || a === '-h')) return { exit_code: 0, stdout: commandHelp(group, cmd), stderr: '' };
    let parsed;
    try {
      parsed = parseCommandArgs(cmd, rest);
    } catch (error) {
      return usageError(`blvm ${group} ${command}: ${errorText(error)}\n${commandHelp(group, cmd)}`);
    }
    const target = { module: spec.module, instanceId: spec.instance_id };
    const result = await broker
      .invoke(target, 'cli.run', { group, command, args: rest, ...parsed }, { timeoutMs })
      .catch((error: unknown) => {
        throw new BlvmError(error instanceof BlvmError ? error.code : 'internal', `blvm ${group} ${command}: ${errorText(error)}`);
      });
    return readRunResult(result, spec.module);
  });
}

function usageError(text: string): CliRunResult {
  return { exit_code: 2, stdout: '', stderr: text.endsWith('\n') ? text : `${text}\n` };
}

function readRunParams(params: unknown): { group: string; args: string[] } {
  const p = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
  if (typeof p.group !== 'string' || p.group.length === 0) {
    throw new BlvmError('usage', `runmodulecli: "group" must be a non-empty string, got ${JSON.stringify(p.group)}`);
  }
  const args = p.args ?? [];
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) {
    throw new BlvmError('usage', `runmodulecli: "args" must be an array of strings, got ${JSON.stringify(p.args)}`);
  }
  return { group: p.group, args: args as string[] };
}

// A module that answers cli.run with nonsense gets exit code 1 and a message saying so.
function readRunResult(value: unknown, module: string): CliRunResult {
  const r = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const code = r.exit_code;
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 0 || code > 255) {
    return { exit_code: 1, stdout: '', stderr: `module ${module} answered cli.run without a valid "exit_code" (0-255): ${JSON.stringify(value)?.slice(0, 200)}\n` };
  }
  return {
    exit_code: code,
    stdout: typeof r.stdout === 'string' ? r.stdout : '',
    stderr: typeof r.stderr === 'string' ? r.stderr : '',
  };
}
