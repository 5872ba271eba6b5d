// `blvm module upgrade NAME[@RANGE]`: verified upgrade from the configured registry; the
// previous version comes back if the new one does not start in the running node.
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { parseModuleSpec } from '../../registry/resolve.js';
import { lineOutput, openSession } from '../../registry/session.js';
import { upgradeModule } from '../../registry/upgrade.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args: argv, options: {}, allowPositionals: true });
  if (positionals.length !== 1) throw new BlvmError('usage', 'usage: blvm module upgrade NAME[@RANGE]');
  const { name, range } = parseModuleSpec(positionals[0]);
  const session = await openSession(await io.config(), lineOutput(io.stdout, io.stderr));
  await upgradeModule(session, name, range);
  return 0;
}
