// The module's merged configuration, written by the node as JSON at BLVM_CONFIG.
import { readFile } from 'node:fs/promises';
import { BlvmError } from '../errors.js';

/** Parses the config file; a missing file means an empty config. */
export async function readModuleConfig(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new BlvmError('io', `cannot read module config ${path}: ${(error as Error).message}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BlvmError('config_invalid', `module config ${path} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BlvmError('config_invalid', `module config ${path} must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}
