// `blvm module new NAME [--lang js|python|ts] [--dir DIR]`: scaffolds a module in the node's
// modules dir (or DIR) and prints the exact steps to build (ts), test, sign and load it.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { MODULE_NAME_PATTERN } from '../../manifest/types.js';
import type { CliIo } from '../io.js';
import { LANGUAGES, moduleFiles, type ModuleLanguage } from '../module-new/module-files.js';
import { nextSteps } from '../module-new/next-steps.js';
import { typescriptToolchain } from '../module-new/template-ts.js';

const USAGE = 'usage: blvm module new NAME [--lang js|python|ts] [--dir DIR] [--author NAME]';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { lang: { type: 'string' }, dir: { type: 'string' }, author: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new BlvmError('usage', USAGE);
  const name = positionals[0];
  if (!MODULE_NAME_PATTERN.test(name)) {
    throw new BlvmError('usage', `NAME: "${name}" is not a module name (lowercase letters, digits and "-", starting with a letter or digit)`);
  }
  const lang = (values.lang ?? 'js') as ModuleLanguage;
  if (!LANGUAGES.includes(lang)) throw new BlvmError('usage', `--lang: expected one of ${LANGUAGES.join(', ')}, got "${values.lang}"`);
  const toolchain = lang === 'ts' ? typescriptToolchain() : undefined;
  const config = await io.config();
  const dir = join(values.dir === undefined ? config.modules.modules_dir : resolve(values.dir), name);
  if (await stat(dir).then(() => true, () => false)) throw new BlvmError('conflict', `${dir} already exists: choose another name or remove it`);
  const files = moduleFiles(name, lang, values.author ?? userInfo().username, toolchain);
  for (const [path, file] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), file.text, { mode: file.mode ?? 0o644, flag: 'wx' });
  }
  io.stdout(`created ${dir} (${lang}): ${Object.keys(files).join(', ')}\n\n`);
  io.stdout(nextSteps({ name, dir, config, configFlag: io.configFlag, cwd: process.cwd(), tsc: toolchain?.tsc }).join('\n') + '\n');
  return 0;
}
