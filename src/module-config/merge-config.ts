// A module's effective config: its own config.toml, overridden key by key by the node's
// [modules.<name>] (node wins), defaults from [config_schema], checked against typed entries.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import toml from 'toml';
import { BlvmError } from '../errors.js';

export type ConfigSource = 'module' | 'node' | 'default' | 'inherited';

export interface SchemaEntry {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'table';
  default?: unknown;
  required?: boolean;
  description?: string;
}

export interface MergedConfig {
  values: Record<string, unknown>;
  sources: Record<string, ConfigSource>;
}

function typeOf(value: unknown): SchemaEntry['type'] {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'string';
  return 'table';
}

function matches(type: SchemaEntry['type'], value: unknown): boolean {
  const actual = typeOf(value);
  return type === undefined || actual === type || (type === 'number' && actual === 'integer');
}

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

export function mergeModuleConfig(opts: {
  module: string;
  own: Record<string, unknown>;
  overrides: Record<string, unknown>;
  schema: Record<string, string | SchemaEntry>;
  databaseBackend: string;
}): MergedConfig {
  const values: Record<string, unknown> = {};
  const sources: Record<string, ConfigSource> = {};
  for (const [key, entry] of Object.entries(opts.schema)) {
    if (typeof entry === 'object' && entry.default !== undefined) {
      values[key] = entry.default;
      sources[key] = 'default';
    }
  }
  for (const [key, value] of Object.entries(opts.own)) {
    values[key] = value;
    sources[key] = 'module';
  }
  for (const [key, value] of Object.entries(opts.overrides)) {
    values[key] = value;
    sources[key] = 'node';
  }
  if (values.database_backend === undefined) {
    values.database_backend = opts.databaseBackend;
    sources.database_backend = 'inherited';
  }
  const problems: string[] = [];
  for (const [key, entry] of Object.entries(opts.schema)) {
    if (typeof entry !== 'object') continue;
    if (values[key] === undefined) {
      if (entry.required) problems.push(`[modules.${opts.module}].${key}: required by the module's config_schema but not set`);
    } else if (!matches(entry.type, values[key])) {
      problems.push(
        `${key}: expected ${entry.type} (config_schema), got ${JSON.stringify(values[key])} from ${sources[key]} config`,
      );
    }
  }
  if (problems.length > 0) {
    throw new BlvmError('config_invalid', `module ${opts.module}: invalid configuration`, { details: problems });
  }
  return { values, sources };
}
