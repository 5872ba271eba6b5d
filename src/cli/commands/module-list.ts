// `blvm module list [--json]`
import { parseArgs } from 'node:util';
import type { ModuleStatus } from '../../supervision/status-types.js';
import { daemonCall } from '../daemon-call.js';
import { formatModuleTable } from '../format-status.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } } });
  const modules = await daemonCall<ModuleStatus[]>(io, 'listmodules');
  io.stdout(values.json ? JSON.stringify(modules, null, 2) + '\n' : formatModuleTable(modules));
  return 0;
}
