// The effective config of one module, straight from the files: its manifest's [config_schema],
// its config.toml and the node config. Used at load time and by `blvm module config`.
import type { NodeConfig } from '../config/types.js';
import type { Manifest } from '../manifest/types.js';
import { writeFileAtomic } from '../process/json-file.js';
import { openRegular, READ_FLAGS } from '../process/no-follow.js';
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

/** Whether `file` is already a plain 0644 file of the daemon holding exactly `text` (read without following a link). */
async function holds(file: string, text: string): Promise<boolean> {
  const handle = await openRegular(file, READ_FLAGS).catch(() => null);
  if (handle === null) return false;
  try {
    const info = await handle.stat();
    return (info.mode & 0o7777) === 0o644 && info.uid === process.getuid?.() && info.size === Buffer.byteLength(text) && (await handle.readFile('utf8')) === text;
  } finally {
    await handle.close();
  }
}

/**
 * Writes the values (only) as the module's run/config.json: atomically, never through a link,
 * 0644 so the module's own uid can read it (run/ is daemon-owned and bound read-only). A file
 * that already holds them is left as it is (a restart does not write and fsync it again).
 */
export async function writeConfigJson(file: string, values: Record<string, unknown>): Promise<void> {
  const text = JSON.stringify(values, null, 2) + '\n';
  if (await holds(file, text)) return;
  await writeFileAtomic(file, text, 0o644);
}
