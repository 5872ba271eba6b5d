// The effective config of one module, straight from the files: its manifest's [config_schema],
// its config.toml and the node config. Used at load time and by `blvm module config`.
import type { NodeConfig } from '../config/types.js';
import type { Manifest } from '../manifest/types.js';
import { writeFileAtomic } from '../process/json-file.js';
import { mergeModuleConfig, type ConfigSchema, type MergedConfig } from './merge-config.js';
import { readModuleConfigFile } from './read-config-file.js';
import { configProblems } from './validate-config.js';

export interface EffectiveConfig extends MergedConfig {
  schema: ConfigSchema;
  problems: string[];
}

export async function effectiveModuleConfig(config: NodeConfig, name: string, moduleDir: string, manifest: Manifest): Promise<EffectiveConfig> {
  const schema = (manifest.config_schema ?? {}) as ConfigSchema;
  const merged = mergeModuleConfig({
    own: await readModuleConfigFile(moduleDir),
    overrides: config.modules.overrides[name]?.config ?? {},
    schema,
    databaseBackend: config.node.database_backend,
  });
  return { ...merged, schema, problems: configProblems(name, merged, schema) };
}

/**
 * Writes the values (only) as the module's run/config.json: atomically, never through a link,
 * 0644 so the module's own uid can read it (run/ is daemon-owned and bound read-only).
 */
export async function writeConfigJson(file: string, values: Record<string, unknown>): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(values, null, 2) + '\n', 0o644);
}
