// `blvm module sign DIR --key FILE [--name NAME] [--format reference|blvm]`: recompute [binary]
// and add or replace this key's signature in DIR/module.toml, in the chosen manifest form.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from '../io.js';
import { errorText } from '../../errors.js';
import { shortHash } from '../../trust/hash.js';
import { readPrivateKeyFile } from '../../trust/keys.js';
import { signModule } from '../../trust/sign-module.js';
import type { ManifestForm } from '../../manifest/manifest-form.js';
import { manifestFormArg } from './manifest-form-arg.js';
import { shortKey } from '../../trust/signatures.js';

export const usage = 'usage: blvm module sign DIR --key FILE [--name NAME] [--format reference|blvm]';

export async function run(argv: string[], io: Pick<CliIo, 'stdout' | 'stderr' | 'config'>): Promise<number> {
  let dir: string | undefined;
  let key: string | undefined;
  let name: string | undefined;
  let format: ManifestForm | undefined;
  try {
    const parsed = parseArgs({
      args: argv,
      options: { key: { type: 'string' }, name: { type: 'string' }, format: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (parsed.positionals.length > 1) throw new Error(`unexpected argument "${parsed.positionals[1]}"`);
    [dir] = parsed.positionals;
    ({ key, name } = parsed.values);
    format = manifestFormArg('--format', parsed.values.format);
  } catch (error) {
    io.stderr(`blvm module sign: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (dir === undefined || key === undefined) {
    io.stderr(`blvm module sign: ${dir === undefined ? 'DIR' : '--key FILE'} is required\n${usage}\n`);
    return 2;
  }
  try {
    const result = await signModule(resolve(dir), await readPrivateKeyFile(key), { name, format });
    const b = result.binary;
    const count = Object.keys(b.files ?? {}).length;
    const tree = b.tree_hash === undefined ? 'no other file' : `tree_hash ${shortHash(b.tree_hash)} over ${count} other file${count === 1 ? '' : 's'}`;
    io.stdout(`${result.replaced ? 'replaced the signature' : 'signed'} by ${name ?? 'key'} ${shortKey(result.public_key)} in ${result.file}\n`);
    io.stdout(`[binary] hash ${shortHash(b.hash)} (${b.size} bytes), ${tree}; ${result.form} form\n`);
    io.stdout(`signatures in the manifest:\n`);
    for (const s of result.signatures) {
      const state = s.verifies ? 'covers the current content' : 'no longer matches the content: that maintainer must sign again';
      io.stdout(`  ${s.verifies ? '✓' : '✗'} ${s.name ?? '(unnamed)'} ${shortKey(s.public_key)}: ${state}\n`);
    }
    return 0;
  } catch (error) {
    io.stderr(`blvm module sign: ${errorText(error)}\n`);
    return 1;
  }
}
