// The `loading` phase: data dirs, merged and validated config file, sandbox and rlimits, and
// the plain-data spawn spec. The code, manifest, version and capabilities come ONLY from the
// verified snapshot; the module directory is read for nothing but the operator's config.toml.
// Any problem throws, which rejects the module with the reason.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NodeConfig } from '../config/types.js';
import { BlvmError } from '../errors.js';
import { parseManifest } from '../manifest/parse.js';
import { MANIFEST_FILE, type Manifest } from '../manifest/types.js';
import { effectiveModuleConfig, writeConfigJson } from '../module-config/effective-config.js';
import { assertValidConfig } from '../module-config/validate-config.js';
import type { SpawnSpec } from '../process/types.js';
import { moduleSandbox } from '../sandbox/module-sandbox.js';
import { HASH_PREFIX, sha256Hex } from '../trust/hash.js';
import type { VerifiedSnapshot } from '../trust/snapshot-types.js';
import { effectiveLimits } from './effective-policy.js';
import { PACKAGE_ROOT } from '../version.js';
import { modulePaths, nodeSocketPath } from './module-paths.js';

/** Lets Node modules import `blvm/sdk` from wherever they are installed (src/sdk/register.ts). */
const SDK_REGISTER_URL = pathToFileURL(join(PACKAGE_ROOT, 'dist', 'src', 'sdk', 'register.js')).href;

/** The snapshot's manifest, refused unless its bytes are still exactly the verified ones. */
export async function snapshotManifest(snapshot: VerifiedSnapshot): Promise<Manifest> {
  const file = join(snapshot.dir, MANIFEST_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new BlvmError('integrity_failed', `verified snapshot ${snapshot.id} is gone (${file}); reload the module to verify it again`, { cause: error });
  }
  if (HASH_PREFIX + sha256Hex(bytes) !== snapshot.manifestHash) {
    throw new BlvmError('integrity_failed', `${file}: differs from the verified manifest; reload the module to verify it again`);
  }
  return parseManifest(bytes.toString('utf8'), file);
}

export async function prepareModule(config: NodeConfig, name: string, snapshot: VerifiedSnapshot, moduleDir: string): Promise<SpawnSpec> {
  const manifest = await snapshotManifest(snapshot);
  const paths = modulePaths(config.node.data_dir, name);
  await mkdir(paths.db, { recursive: true, mode: 0o700 });
  await mkdir(paths.logs, { recursive: true, mode: 0o700 });
  const effective = await effectiveModuleConfig(config, name, moduleDir, manifest);
  assertValidConfig(name, effective.problems);
  await writeConfigJson(paths.configJson, effective.values);
  const limits = effectiveLimits(config, name);
  const capabilities = [...snapshot.capabilities];
  return {
    module: name,
    command: snapshot.entryPath,
    args: [],
    cwd: paths.root,
    env: {
      BLVM_SOCKET: nodeSocketPath(config.node.data_dir),
      BLVM_MODULE: name,
      BLVM_DATA_DIR: paths.root,
      BLVM_CONFIG: paths.configJson,
      BLVM_MODULE_DIR: snapshot.dir,
      NODE_OPTIONS: `--import=${SDK_REGISTER_URL}`,
    },
    logDir: paths.logs,
    logMaxFileSize: config.logs.max_file_size,
    logMaxFiles: config.logs.max_files,
    stopGrace: config.supervision.stop_grace,
    killGrace: config.supervision.kill_grace,
    capabilities,
    rlimits: { nofile: limits.max_open_files, nproc: limits.max_processes, core: 0 },
    sandbox: await moduleSandbox(config, name, snapshot.dir, capabilities),
  };
}
