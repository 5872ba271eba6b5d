// `blvm stop`: asks the daemon to stop every module in reverse dependency order and exit.
import { parseArgs } from 'node:util';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  parseArgs({ args: argv, options: {} });
  const result = await daemonCall<{ pid: number }>(io, 'stop');
  io.stdout(`stopping blvm daemon (pid ${result.pid})\n`);
  return 0;
}
