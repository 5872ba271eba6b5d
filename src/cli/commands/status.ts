// `blvm status [--json]`
import { parseArgs } from 'node:util';
import type { NodeStatus } from '../../supervision/status-types.js';
import { daemonCall } from '../daemon-call.js';
import { formatNodeStatus } from '../format-status.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } } });
  const status = await daemonCall<NodeStatus>(io, 'getnodestatus');
  io.stdout(values.json ? JSON.stringify(status, null, 2) + '\n' : formatNodeStatus(status));
  return 0;
}
