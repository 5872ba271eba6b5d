// Checks a merged module config against the typed entries of the module's [config_schema];
// every problem names the key, what was expected and where the offending value came from.
import { BlvmError } from '../errors.js';
import type { ConfigSchema, ConfigSource, MergedConfig, SchemaEntry } from './merge-config.js';

export function valueType(value: unknown): NonNullable<SchemaEntry['type']> {
  if (typeof value === 'string' || value instanceof Date) return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (Array.isArray(value)) return 'array';
  return 'table';
}

function matches(type: SchemaEntry['type'], value: unknown): boolean {
  const actual = valueType(value);
  return type === undefined || actual === type || (type === 'number' && actual === 'integer');
}

export function describeSource(source: ConfigSource, module: string): string {
  switch (source) {
    case 'module':
      return "the module's config.toml";
    case 'node':
      return `[modules.${module}] of the node config`;
    case 'default':
      return 'the [config_schema] default';
    case 'inherited':
      return '[node] database_backend';
  }
}

export function configProblems(module: string, merged: MergedConfig, schema: ConfigSchema): string[] {
  const problems: string[] = [];
  for (const [key, entry] of Object.entries(schema)) {
    if (typeof entry !== 'object') continue;
    const value = merged.values[key];
    if (value === undefined) {
      if (entry.required) problems.push(`${key}: required by the module's [config_schema] but not set (set it in [modules.${module}])`);
    } else if (!matches(entry.type, value)) {
      problems.push(
        `${key}: expected ${entry.type} ([config_schema]), got ${JSON.stringify(value)} (${valueType(value)}) from ${describeSource(merged.sources[key], module)}`,
      );
    }
  }
  return problems;
}

/** Throws a config_invalid error listing every problem. */
export function assertValidConfig(module: string, problems: string[]): void {
  if (problems.length === 0) return;
  const keys = problems.map((p) => p.slice(0, p.indexOf(':'))).join(', ');
  throw new BlvmError('config_invalid', `module ${module}: invalid configuration (${keys})`, { details: problems });
}
