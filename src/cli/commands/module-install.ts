// `blvm module install NAME[@RANGE]`: verified install from the configured registry, then a
// hot load into the running node (if one runs).
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { installModule } from '../../registry/install.js';
import { parseModuleSpec } from '../../registry/resolve.js';
import { lineOutput, openSession } from '../../registry/session.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args: argv, options: {}, allowPositionals: true });
  if (positionals.length !== 1) throw new BlvmError('usage', 'usage: blvm module install NAME[@RANGE]');
  const { name, range } = parseModuleSpec(positionals[0]);
  const session = await openSession(await io.config(), lineOutput(io.stdout, io.stderr));
  await installModule(session, name, range);
  return 0;
}
