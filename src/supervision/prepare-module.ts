// The `loading` phase: sandbox and the identity the module runs as, data dirs, merged and
// validated config file, rlimits, and the plain-data spawn spec. Any problem throws, which
// rejects the module with the reason.
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
import { daemonOwner, prepareModuleDirs } from './module-dirs.js';
import { modulePaths, nodeSocketPath } from './module-paths.js';

/** Lets Node modules import `blvm/sdk` from wherever they are installed (src/sdk/register.ts). */
const SDK_REGISTER_URL = pathToFileURL(join(PACKAGE_ROOT, 'dist', 'src', 'sdk', 'register.js')).href;

export async function prepareModule(config: NodeConfig, name: string, dir: string): Promise<SpawnSpec> {
  const loaded = await loadManifest(dir);
  const dataDir = config.node.data_dir;
  const paths = modulePaths(dataDir, name);
  const capabilities = checkCapabilityPolicy(loaded.manifest, config).granted;
  const sandbox = await moduleSandbox(config, name, loaded.dir, capabilities);
  const user = sandbox?.user ?? null;
  await prepareModuleDirs(dataDir, name, user ?? daemonOwner());
  const effective = await effectiveModuleConfig(config, name, loaded.dir, loaded.manifest);
  assertValidConfig(name, effective.problems);
  await writeConfigJson(paths.configJson, effective.values);
  const { limits, supervision } = resolvePolicy(config, name);
  return {
    module: name,
    command: loaded.entryPath,
    args: [],
    cwd: paths.work,
    env: {
      BLVM_SOCKET: nodeSocketPath(dataDir),
      BLVM_MODULE: name,
      BLVM_DATA_DIR: paths.root,
      BLVM_CONFIG: paths.configJson,
      BLVM_MODULE_DIR: loaded.dir,
      NODE_OPTIONS: `--import=${SDK_REGISTER_URL}`,
      // The daemon's HOME (/root) is not the module's to read once it runs under its own uid.
      ...(user ? { HOME: paths.work } : {}),
    },
    logDir: paths.logs,
    logRoot: dataDir,
    logMaxFileSize: config.logs.max_file_size,
    logMaxFiles: config.logs.max_files,
    stopGrace: supervision.stop_grace,
    killGrace: supervision.kill_grace,
    pingInterval: supervision.ping_interval,
    capabilities,
    rlimits: { nofile: limits.max_open_files, nproc: limits.max_processes, core: 0 },
    sandbox,
  };
}
