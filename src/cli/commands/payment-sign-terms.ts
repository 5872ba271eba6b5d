// `blvm payment sign-terms DIR|MANIFEST (--key FILE | --seed-file FILE)`: the author's signature
// over the [payment] terms, written as payment_signature (before the maintainers sign).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from '../io.js';
import { errorText } from '../../errors.js';
import { readAuthorKey } from '../../payment/author-key.js';
import { signManifestTerms } from '../../payment/sign-terms.js';

export const usage = 'usage: blvm payment sign-terms DIR|MANIFEST (--key FILE | --seed-file FILE)';

export async function run(argv: string[], io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<number> {
  let target: string | undefined;
  let key: string | undefined;
  let seedFile: string | undefined;
  try {
    const parsed = parseArgs({ args: argv, options: { key: { type: 'string' }, 'seed-file': { type: 'string' } }, allowPositionals: true, strict: true });
    if (parsed.positionals.length !== 1) throw new Error('exactly one DIR or MANIFEST is required');
    [target] = parsed.positionals;
    key = parsed.values.key;
    seedFile = parsed.values['seed-file'];
    if ((key === undefined) === (seedFile === undefined)) throw new Error('give exactly one of --key FILE and --seed-file FILE');
  } catch (error) {
    io.stderr(`blvm payment sign-terms: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  try {
    const result = await signManifestTerms(resolve(target!), await readAuthorKey({ key, seedFile }));
    const t = result.terms;
    io.stdout(`signed the payment terms of ${t.name} ${t.version} (${t.price_sats} sats, licence ${t.licence_versions}) in ${result.file}\n`);
    io.stdout('next: the maintainers sign the module (blvm module sign), since payment_signature is part of the manifest\n');
    return 0;
  } catch (error) {
    io.stderr(`blvm payment sign-terms: ${errorText(error)}\n`);
    return 1;
  }
}
