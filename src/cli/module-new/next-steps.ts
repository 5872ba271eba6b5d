// What `blvm module new` prints after writing the files: the exact commands to test, sign (with
// which keys, how many) or allow unsigned, and load the module into the running daemon.
import { statSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import type { NodeConfig } from '../../config/types.js';
import { DEVELOPMENT_KEYS } from '../../trust/development-keys.js';
import { PACKAGE_ROOT } from '../../version.js';
import { typescriptBuildCommand } from './template-ts.js';

export interface StepsInput {
  name: string;
  dir: string;
  config: NodeConfig;
  /** --config as the operator gave it, repeated on every printed blvm command. */
  configFlag?: string;
  cwd: string;
  /** The TypeScript compiler of a `ts` module: building it comes before testing and signing. */
  tsc?: string;
}

const quote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

// The committed private key of a development maintainer, when this installation ships it.
function developmentKeyFile(publicKey: string): string | null {
  const dev = DEVELOPMENT_KEYS.find((k) => k.public_key === publicKey.toLowerCase());
  if (dev === undefined) return null;
  const file = join(PACKAGE_ROOT, 'test', 'fixtures', 'keys', `${dev.name}.key`);
  try {
    return (statSync(file).mode & 0o077) === 0 ? file : `chmod:${file}`;
  } catch {
    return null;
  }
}

export function nextSteps(input: StepsInput): string[] {
  const { name, config } = input;
  const shown = (path: string): string => {
    const rel = relative(input.cwd, path);
    return quote(rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path);
  };
  const blvm = (args: string): string => `blvm ${args}${input.configFlag ? ` --config ${quote(input.configFlag)}` : ''}`;
  const dir = shown(input.dir);
  const security = config.security;
  const lines = ['next steps:'];
  let step = 0;
  if (input.tsc !== undefined) {
    lines.push(
      `  ${++step}. compile src/ into the entry point main.js (again after every change: signing hashes the compiled main.js):`,
      `       ${typescriptBuildCommand(input.tsc, dir, quote)}`,
    );
  }
  lines.push(
    `  ${++step}. run the module's test (a real node in a temp dir):`,
    `       node --import=${quote(join(PACKAGE_ROOT, 'dist', 'src', 'sdk', 'register.js'))} --test ${dir}/test`,
  );
  if (!security.require_signatures || security.allow_unsigned.includes(name)) {
    const why = security.require_signatures ? `"${name}" is in [security] allow_unsigned` : '[security] require_signatures = false';
    lines.push(`  ${++step}. no signature needed: ${why} in ${config.file}`);
  } else {
    const { m, n } = security.signature_threshold;
    const keys = security.trusted_maintainers;
    lines.push(
      `  ${++step}. sign it: this node wants ${m} signature${m === 1 ? '' : 's'} (signature_threshold = "${m}-of-${n}"; a manifest may ask for more)`,
      `     from keys in [security] trusted_maintainers of ${config.file}: ${keys.map((k) => k.name).join(', ') || '(none: add your public key, from `blvm keygen --out FILE`)'}`,
    );
    let development = false;
    for (const key of keys.slice(0, m)) {
      const file = developmentKeyFile(key.public_key);
      development ||= file !== null;
      if (file?.startsWith('chmod:')) lines.push(`       chmod 600 ${quote(file.slice('chmod:'.length))}`);
      const keyArg = file === null ? `<private key file of ${key.name}>` : quote(file.replace(/^chmod:/, ''));
      lines.push(`       ${blvm(`module sign ${dir} --key ${keyArg} --name ${quote(key.name)}`)}`);
    }
    lines.push('     (add --format reference to write the reference node\'s manifest form: a [signatures] table; `blvm module migrate` converts either way later)');
    if (development) lines.push('     (development keys: their private halves are public, in test/fixtures/keys/; never on a real node)');
    if (config.node.network === 'regtest') {
      lines.push(`     or, on regtest, run it unsigned: add "${name}" to [security] allow_unsigned in ${config.file} and restart the daemon`);
    }
  }
  lines.push(
    `  ${++step}. load it into the running daemon (it is verified, started, and must reach monitoring):`,
    `       ${blvm(`module load ${quote(name)}`)}`,
    `       ${blvm(`module info ${quote(name)}`)}`,
  );
  return lines;
}
