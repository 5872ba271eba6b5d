// The `loading` phase: data dirs, merged config file, and the plain-data spawn spec.
import { mkdir, writeFile, rename } from 'node:fs/promises';
import type { NodeConfig } from '../config/types.js';
import { loadManifest } from '../manifest/load-manifest.js';
import { mergeModuleConfig, readModuleConfigFile, type SchemaEntry } from '../module-config/merge-config.js';
import type { SpawnSpec } from '../process/types.js';
import { checkCapabilityPolicy } from '../trust/capability-policy.js';
import { effectiveLimits } from './effective-policy.js';
import { modulePaths, nodeSocketPath } from './module-paths.js';

export async function prepareModule(config: NodeConfig, name: string, dir: string): Promise<SpawnSpec> {
  const loaded = await loadManifest(dir);
  const paths = modulePaths(config.node.data_dir, name);
  await mkdir(paths.db, { recursive: true, mode: 0o700 });
  await mkdir(paths.logs, { recursive: true, mode: 0o700 });
  const override = config.modules.overrides[name];
  const merged = mergeModuleConfig({
    module: name,
    own: await readModuleConfigFile(dir),
    overrides: override?.config ?? {},
    schema: (loaded.manifest.config_schema ?? {}) as Record<string, string | SchemaEntry>,
    databaseBackend: config.node.database_backend,
  });
  const tmp = `${paths.configJson}.tmp`;
  await writeFile(tmp, JSON.stringify({ ...merged.values, _sources: merged.sources }, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, paths.configJson);
  const limits = effectiveLimits(config, name);
  return {
    module: name,
    command: loaded.entryPath,
    args: [],
    cwd: paths.root,
    env: {
      BLVM_SOCKET: nodeSocketPath(config.node.data_dir),
      BLVM_MODULE: name,
      BLVM_DATA_DIR: paths.root,
      BLVM_CONFIG: paths.configJson,
      BLVM_MODULE_DIR: dir,
    },
    logDir: paths.logs,
    logMaxFileSize: config.logs.max_file_size,
    logMaxFiles: config.logs.max_files,
    stopGrace: config.supervision.stop_grace,
    killGrace: config.supervision.kill_grace,
    capabilities: checkCapabilityPolicy(loaded.manifest, config).granted,
    rlimits: { nofile: limits.max_open_files, nproc: limits.max_processes },
  };
}
