// `blvm module remove NAME [--force]`: stop the module in the running node, then delete its directory.
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { removeModule } from '../../registry/remove.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { force: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new BlvmError('usage', 'usage: blvm module remove NAME [--force]');
  const report = await removeModule(await io.config(), positionals[0], { force: values.force === true });
  const forced = report.dependents.length > 0 ? ` (forced: ${report.dependents.join(', ')} required it and cannot run without it)` : '';
  const version = report.version === null ? '' : ` ${report.version}`;
  io.stdout(`removed ${report.name}${version} from ${report.dir}${report.stoppedInNode ? ' after stopping it in the running node' : ''}${forced}\n`);
  return 0;
}
