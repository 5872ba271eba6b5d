// `blvm module db migrate <m> --to <backend>`: the daemon copies a stopped module's key-value
// stores to another database backend (src/module-db/migrate-stores.ts).
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { supportedList } from '../../module-db/backends.js';
import type { MigrationReport } from '../../module-db/migrate-stores.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';

const USAGE = `usage: blvm module db migrate <name> --to <backend> [--json] (backends: ${supportedList()})`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { to: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1 || values.to === undefined) throw new BlvmError('usage', USAGE);
  const report = await daemonCall<MigrationReport>(io, 'migratemoduledb', { name: positionals[0], to: values.to }, { timeoutMs: 600_000 });
  if (values.json) {
    io.stdout(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  const stores = report.stores.map((s) => `${s.name} (${s.entries} entries)`).join(', ');
  io.stdout(`module ${report.module}: copied ${stores} from ${report.from} to ${report.to}; the ${report.from} files are kept in ${report.kept}\n`);
  io.stdout(`start it with database_backend = "${report.to}" (in [modules.${report.module}] of blvm.toml or its config.toml): blvm module load ${report.module}\n`);
  return 0;
}
