// `blvm module migrate DIR [--to reference|blvm]`: rewrite DIR/module.toml in the other
// manifest form; hashes and signatures are carried over unchanged and stay valid.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from '../io.js';
import { errorText } from '../../errors.js';
import type { ManifestForm } from '../../manifest/manifest-form.js';
import { migrateManifest } from '../../trust/migrate-manifest.js';
import { manifestFormArg } from './manifest-form-arg.js';

export const usage = 'usage: blvm module migrate DIR [--to reference|blvm]';

export async function run(argv: string[], io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<number> {
  let dir: string | undefined;
  let to: ManifestForm | undefined;
  try {
    const parsed = parseArgs({ args: argv, options: { to: { type: 'string' } }, allowPositionals: true, strict: true });
    if (parsed.positionals.length > 1) throw new Error(`unexpected argument "${parsed.positionals[1]}"`);
    [dir] = parsed.positionals;
    to = manifestFormArg('--to', parsed.values.to);
  } catch (error) {
    io.stderr(`blvm module migrate: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (dir === undefined) {
    io.stderr(`blvm module migrate: DIR is required\n${usage}\n`);
    return 2;
  }
  try {
    const result = await migrateManifest(resolve(dir), to);
    const n = result.signatures;
    io.stdout(`${result.file}: ${result.from} form → ${result.to} form; ${n} signature${n === 1 ? '' : 's'} carried over (the signed content is unchanged)\n`);
    return 0;
  } catch (error) {
    io.stderr(`blvm module migrate: ${errorText(error)}\n`);
    return 1;
  }
}
