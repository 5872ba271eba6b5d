// The module's own config.toml (optional: a missing file is an empty config).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import toml from 'toml';
import { BlvmError } from '../errors.js';

export async function readModuleConfigFile(moduleDir: string): Promise<Record<string, unknown>> {
  const file = join(moduleDir, 'config.toml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new BlvmError('io', `cannot read ${file}`, { cause });
  }
  try {
    return toml.parse(text) as Record<string, unknown>;
  } catch (cause) {
    const { line, column, message } = cause as { line?: number; column?: number; message: string };
    throw new BlvmError('config_invalid', `${file}:${line ?? '?'}:${column ?? '?'}: invalid TOML: ${message}`, { cause });
  }
}
