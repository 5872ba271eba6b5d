// Which blvm.toml to use (--config, else BLVM_CONFIG, else ./blvm.toml) and loading it.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { BlvmError } from '../errors.js';
import type { NodeConfig } from './types.js';
import { parseConfig } from './parse-config.js';
import { decodeUtf8Strict, invalidUtf8Text } from './strict-utf8.js';

export { parseConfig, defaultConfig } from './parse-config.js';

export interface ConfigLocationOptions {
  flag?: string;
  env?: NodeJS.ProcessEnv;
  cwd: string;
}

export type ConfigSource = '--config' | 'BLVM_CONFIG' | 'default';

export function locateConfig(opts: ConfigLocationOptions): { path: string; source: ConfigSource } {
  const env = opts.env ?? process.env;
  if (opts.flag !== undefined && opts.flag !== '') return { path: resolve(opts.cwd, opts.flag), source: '--config' };
  const fromEnv = env.BLVM_CONFIG;
  if (fromEnv !== undefined && fromEnv !== '') return { path: resolve(opts.cwd, fromEnv), source: 'BLVM_CONFIG' };
  return { path: resolve(opts.cwd, 'blvm.toml'), source: 'default' };
}

/** Absolute path of the config file: --config flag, else BLVM_CONFIG, else <cwd>/blvm.toml. */
export function resolveConfigPath(opts: ConfigLocationOptions): string {
  return locateConfig(opts).path;
}

const HOW: Record<ConfigSource, string> = {
  '--config': 'given with --config',
  BLVM_CONFIG: 'given by the BLVM_CONFIG environment variable',
  default: 'the default: blvm.toml in the working directory; pass --config FILE or set BLVM_CONFIG',
};

export async function loadConfig(opts: ConfigLocationOptions): Promise<NodeConfig> {
  const { path, source } = locateConfig(opts);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BlvmError('not_found', `config file not found: ${path} (${HOW[source]})`, { cause });
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new BlvmError('io', `cannot read config file ${path} (${HOW[source]}): ${reason}`, { cause });
  }
  const decoded = decodeUtf8Strict(bytes);
  if ('invalid' in decoded) throw new BlvmError('config_invalid', `${path}: 1 problem`, { details: [`${basename(path)}: ${invalidUtf8Text(decoded.invalid)}`] });
  return parseConfig(decoded.text, path);
}
