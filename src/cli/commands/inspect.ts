// `blvm inspect [--json]`: where the running node serves its inspector, and where the actions
// token is kept.
import { parseArgs } from 'node:util';
import type { InspectorInfo } from '../../inspector/inspector-service.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } } });
  const info = await daemonCall<InspectorInfo>(io, 'getinspectorinfo');
  if (values.json) {
    io.stdout(JSON.stringify(info, null, 2) + '\n');
    return info.listening ? 0 : 1;
  }
  if (!info.enabled) {
    io.stderr('the inspector is disabled ([inspector] enabled = false in the node config)\n');
    return 1;
  }
  if (!info.listening || info.url === null) {
    io.stderr(`the inspector is not listening on ${info.listen}${info.problem ? `: ${info.problem}` : ''}\n`);
    return 1;
  }
  io.stdout(
    [
      `inspector:    ${info.url}`,
      `token file:   ${info.token_file}`,
      `actions:      open ${info.url}#token=<the token in that file>, or paste the token into the page`,
      '',
    ].join('\n'),
  );
  return 0;
}
