// `blvm keygen --out FILE`: a new maintainer signing key, written with mode 0600.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CliIo } from '../io.js';
import { errorText } from '../../errors.js';
import { generatePrivateKey, publicKeyOf } from '../../trust/keys.js';

export const usage = 'usage: blvm keygen --out FILE';


export async function run(argv: string[], io: Pick<CliIo, 'stdout' | 'stderr' | 'config'>): Promise<number> {
  let out: string | undefined;
  try {
    out = parseArgs({ args: argv, options: { out: { type: 'string' } }, allowPositionals: false, strict: true }).values.out;
  } catch (error) {
    io.stderr(`blvm keygen: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (out === undefined || out === '') {
    io.stderr(`blvm keygen: --out FILE is required\n${usage}\n`);
    return 2;
  }
  const privateKey = generatePrivateKey();
  try {
    await writeFile(out, privateKey + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
    io.stderr(exists ? `blvm keygen: ${out} already exists; refusing to overwrite a key file\n` : `blvm keygen: cannot write ${out}: ${errorText(error)}\n`);
    return 1;
  }
  io.stdout(publicKeyOf(privateKey) + '\n');
  return 0;
}
