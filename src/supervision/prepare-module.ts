// The `loading` phase: sandbox and the identity the module runs as, data dirs, merged and
// validated config file, rlimits, and the plain-data spawn spec. The code, manifest, version
// and capabilities come ONLY from the verified snapshot; the module directory is read for
// nothing but the operator's config.toml. Any problem throws, which rejects the module with
// the reason.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeConfig } from '../config/types.js';
import { BlvmError } from '../errors.js';
import { parseManifest } from '../manifest/parse.js';
import { MANIFEST_FILE, type Manifest } from '../manifest/types.js';
import { effectiveModuleConfig, writeConfigJson } from '../module-config/effective-config.js';
import { assertValidConfig } from '../module-config/validate-config.js';
import { BACKEND_ENV } from '../module-db/backends.js';
import { assertNoOtherBackendData, effectiveBackend } from '../module-db/backend-check.js';
import type { SpawnSpec } from '../process/types.js';
import { moduleSandbox } from '../sandbox/module-sandbox.js';
import { HASH_PREFIX, sha256Hex } from '../trust/hash.js';
import type { VerifiedSnapshot } from '../trust/snapshot-types.js';
import { resolvePolicy } from './resolved-policy.js';
import { daemonOwner, prepareModuleDirs } from './module-dirs.js';
import { modulePaths, nodeSocketPath } from './module-paths.js';
import { ensureSdkLink } from './sdk-link.js';

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
  const dataDir = config.node.data_dir;
  const paths = modulePaths(dataDir, name);
  const capabilities = [...snapshot.capabilities];
  const sandbox = await moduleSandbox(config, name, snapshot.dir, capabilities);
  const user = sandbox?.user ?? null;
  await prepareModuleDirs(dataDir, name, user ?? daemonOwner());
  await ensureSdkLink(dataDir);
  const effective = await effectiveModuleConfig(config, name, moduleDir, manifest);
  assertValidConfig(name, effective.problems);
  const backend = effectiveBackend(name, effective);
  await assertNoOtherBackendData(paths.db, backend, name);
  await writeConfigJson(paths.configJson, effective.values);
  const { limits, supervision } = resolvePolicy(config, name);
  return {
    module: name,
    command: snapshot.entryPath,
    args: [],
    cwd: paths.work,
    env: {
      BLVM_SOCKET: nodeSocketPath(dataDir),
      BLVM_MODULE: name,
      BLVM_DATA_DIR: paths.root,
      BLVM_CONFIG: paths.configJson,
      BLVM_MODULE_DIR: snapshot.dir,
      [BACKEND_ENV]: backend,
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
