// `blvm module load|unload|reload|release <name>`: one control call each.
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';

const METHODS: Record<string, string> = {
  load: 'loadmodule',
  unload: 'unloadmodule',
  reload: 'reloadmodule',
  release: 'releasemodule',
};

export async function runVerb(verb: string, argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new BlvmError('usage', `usage: blvm module ${verb} <name>`);
  const result = await daemonCall<{ name: string; phase: string; message: string }>(io, METHODS[verb], {
    name: positionals[0],
  });
  io.stdout(values.json ? JSON.stringify(result, null, 2) + '\n' : `${result.message}\n`);
  return 0;
}
