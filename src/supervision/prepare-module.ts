// The `loading` phase: data dirs, merged and validated config file, sandbox and rlimits, and
// the plain-data spawn spec. Any problem throws, which rejects the module with the reason.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NodeConfig } from '../config/types.js';
import { loadManifest } from '../manifest/load-manifest.js';
import { effectiveModuleConfig, writeConfigJson } from '../module-config/effective-config.js';
import { assertValidConfig } from '../module-config/validate-config.js';
import type { SpawnSpec } from '../process/types.js';
import { moduleSandbox } from '../sandbox/module-sandbox.js';
import { checkCapabilityPolicy } from '../trust/capability-policy.js';
import { resolvePolicy } from './resolved-policy.js';
import { PACKAGE_ROOT } from '../version.js';
import { modulePaths, nodeSocketPath } from './module-paths.js';

/** Lets Node modules import `blvm/sdk` from wherever they are installed (src/sdk/register.ts). */
const SDK_REGISTER_URL = pathToFileURL(join(PACKAGE_ROOT, 'dist', 'src', 'sdk', 'register.js')).href;

export async function prepareModule(config: NodeConfig, name: string, dir: string): Promise<SpawnSpec> {
  const loaded = await loadManifest(dir);
  const paths = modulePaths(config.node.data_dir, name);
  await mkdir(paths.db, { recursive: true, mode: 0o700 });
  await mkdir(paths.logs, { recursive: true, mode: 0o700 });
  const effective = await effectiveModuleConfig(config, name, loaded.dir, loaded.manifest);
  assertValidConfig(name, effective.problems);
  await writeConfigJson(paths.configJson, effective.values);
  const { limits, supervision } = resolvePolicy(config, name);
  const capabilities = checkCapabilityPolicy(loaded.manifest, config).granted;
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
      BLVM_MODULE_DIR: loaded.dir,
      NODE_OPTIONS: `--import=${SDK_REGISTER_URL}`,
    },
    logDir: paths.logs,
    logMaxFileSize: config.logs.max_file_size,
    logMaxFiles: config.logs.max_files,
    stopGrace: supervision.stop_grace,
    killGrace: supervision.kill_grace,
    pingInterval: supervision.ping_interval,
    capabilities,
    rlimits: { nofile: limits.max_open_files, nproc: limits.max_processes, core: 0 },
    sandbox: await moduleSandbox(config, name, loaded.dir, capabilities),
  };
}
