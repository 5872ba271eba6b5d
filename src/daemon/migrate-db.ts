// The daemon side of `blvm module db migrate`: only for a module that is not running, so no
// process of it holds the stores while they are copied.
import { BlvmError } from '../errors.js';
import { parseBackend } from '../module-db/backends.js';
import { migrateModuleStores, type MigrationReport } from '../module-db/migrate-stores.js';
import type { NodeRuntime } from './node-runtime.js';

const NOT_RUNNING = ['stopped', 'rejected', 'quarantined'];

export async function migrateModuleDatabase(runtime: NodeRuntime, name: string, to: unknown): Promise<MigrationReport> {
  const backend = parseBackend(to, 'params.to');
  const { phase } = runtime.moduleStatus(name);
  if (!NOT_RUNNING.includes(phase)) {
    throw new BlvmError('conflict', `module ${name} is ${phase}; stop it first (blvm module unload ${name}), then migrate its database`);
  }
  return migrateModuleStores(runtime.nodeStatus().node.data_dir, name, backend);
}
