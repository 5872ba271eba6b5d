// A module's effective config: its own config.toml, overridden key by key (top-level keys) by
// the node's [modules.<name>] (node wins), defaults from typed [config_schema] entries, and
// `database_backend` inherited from [node] when nobody set it.
export type ConfigSource = 'module' | 'node' | 'default' | 'inherited';

export interface SchemaEntry {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'table';
  default?: unknown;
  required?: boolean;
  description?: string;
}

/** A [config_schema] key: a plain description string or a typed entry. */
export type ConfigSchema = Record<string, string | SchemaEntry>;

export interface MergedConfig {
  values: Record<string, unknown>;
  sources: Record<string, ConfigSource>;
}

export interface MergeInput {
  own: Record<string, unknown>;
  overrides: Record<string, unknown>;
  schema: ConfigSchema;
  databaseBackend: string;
}

export function mergeModuleConfig(input: MergeInput): MergedConfig {
  const values: Record<string, unknown> = {};
  const sources: Record<string, ConfigSource> = {};
  const set = (key: string, value: unknown, source: ConfigSource) => {
    values[key] = value;
    sources[key] = source;
  };
  for (const [key, entry] of Object.entries(input.schema)) {
    if (typeof entry === 'object' && entry.default !== undefined) set(key, entry.default, 'default');
  }
  for (const [key, value] of Object.entries(input.own)) set(key, value, 'module');
  for (const [key, value] of Object.entries(input.overrides)) set(key, value, 'node');
  if (values.database_backend === undefined) set('database_backend', input.databaseBackend, 'inherited');
  return { values, sources };
}
